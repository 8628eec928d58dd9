using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>Turns a filter expression's body into a <see cref="RecordFilter"/>, refusing anything outside the subset.</summary>
internal sealed class FilterParser(RecordModel model, ParameterExpression record)
{
    private const string Subset =
        "filters may compare a key or data property with a value (==, !=, <, <=, >, >=), test a bool property, "
        + "and combine those with &&, || and !";

    public RecordFilter Parse(Expression expression)
    {
        switch (expression.NodeType)
        {
            case ExpressionType.AndAlso:
                var and = (BinaryExpression)expression;
                return new AndFilter(Parse(and.Left), Parse(and.Right));
            case ExpressionType.OrElse:
                var or = (BinaryExpression)expression;
                return new OrFilter(Parse(or.Left), Parse(or.Right));
            case ExpressionType.Not when expression.Type == typeof(bool):
                return new NotFilter(Parse(((UnaryExpression)expression).Operand));
            case ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual:
                return Comparison((BinaryExpression)expression);
        }
        if (!UsesRecord(expression))
        {
            return new ConstantFilter((bool)Evaluate(expression)!);
        }
        if (TryBind(expression) is { } property)
        {
            return new ComparisonFilter(CheckFilterable(property), ComparisonOperator.Equal, true);
        }
        throw Unsupported(expression);
    }

    public RecordProperty Selected(Expression expression) => TryBind(expression)
        ?? throw new NotSupportedException($"The selector {expression} does not read a stored property of {model.RecordType.Name}.");

    private RecordFilter Comparison(BinaryExpression comparison)
    {
        var left = TryBind(comparison.Left);
        var right = TryBind(comparison.Right);
        if (left is not null && right is not null)
        {
            throw new NotSupportedException($"The filter compares two properties ({comparison}); {Subset}.");
        }
        if (left is null && right is null)
        {
            if (!UsesRecord(comparison))
            {
                return new ConstantFilter((bool)Evaluate(comparison)!);
            }
            throw Unsupported(UsesRecord(comparison.Left) ? comparison.Left : comparison.Right);
        }
        var (property, valueSide, op) = left is not null
            ? (left, comparison.Right, Operator(comparison.NodeType))
            : (right!, comparison.Left, Mirror(Operator(comparison.NodeType)));
        if (UsesRecord(valueSide))
        {
            throw Unsupported(valueSide);
        }
        var value = Evaluate(valueSide);
        if (value is null && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw new NotSupportedException($"The filter orders {property.Name} against null ({comparison}); only == and != may compare with null.");
        }
        return new ComparisonFilter(CheckFilterable(property), op, value is null ? null : Converted(value, property, comparison));
    }

    private RecordProperty? TryBind(Expression expression)
    {
        while (expression.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked)
        {
            expression = ((UnaryExpression)expression).Operand;
        }
        return expression switch
        {
            MemberExpression { Expression: var owner, Member: PropertyInfo member } when owner == record => Stored(member.Name, expression),
            MethodCallExpression { Object: var owner, Method.Name: "get_Item", Arguments: [var key] } when owner == record && !UsesRecord(key)
                => Stored(Evaluate(key) as string ?? throw Unsupported(expression), expression),
            _ => null,
        };
    }

    private RecordProperty Stored(string name, Expression expression)
    {
        try
        {
            return model.Property(name);
        }
        catch (ArgumentException)
        {
            throw new NotSupportedException($"The filter uses {name} ({expression}), which is not a stored property of {model.RecordType.Name}.");
        }
    }

    private static RecordProperty CheckFilterable(RecordProperty property) => property is RecordVectorProperty
        ? throw new NotSupportedException($"The filter uses the vector property {property.Name}; {Subset}.")
        : property;

    private static object Converted(object value, RecordProperty property, BinaryExpression comparison)
    {
        var target = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        if (value.GetType() == target)
        {
            return value;
        }
        try
        {
            var converted = Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            if (Convert.ChangeType(converted, value.GetType(), CultureInfo.InvariantCulture).Equals(value))
            {
                return converted;
            }
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
        }
        throw new NotSupportedException(
            $"The filter compares {property.Name} ({RecordModel.TypeName(property.Type)}) with the {value.GetType().Name} {value} ({comparison}), "
            + "which that type cannot hold exactly.");
    }

    private bool UsesRecord(Expression expression)
    {
        var finder = new ParameterFinder(record);
        finder.Visit(expression);
        return finder.Found;
    }

    private static object? Evaluate(Expression expression) => expression switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field } => field.GetValue(closure.Value),
        _ => Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)(),
    };

    private static NotSupportedException Unsupported(Expression expression)
    {
        var what = expression switch
        {
            MethodCallExpression call => $"a call to {call.Method.DeclaringType?.Name}.{call.Method.Name}",
            MemberExpression member => $"the member {member.Member.Name}",
            ConditionalExpression => "a conditional (?:)",
            BinaryExpression => $"the operator {expression.NodeType}",
            UnaryExpression => $"the operator {expression.NodeType}",
            _ => $"a {expression.NodeType} expression",
        };
        return new NotSupportedException($"The filter uses {what} ({expression}), which vector-store filters do not support; {Subset}.");
    }

    private static ComparisonOperator Operator(ExpressionType type) => type switch
    {
        ExpressionType.Equal => ComparisonOperator.Equal,
        ExpressionType.NotEqual => ComparisonOperator.NotEqual,
        ExpressionType.LessThan => ComparisonOperator.LessThan,
        ExpressionType.LessThanOrEqual => ComparisonOperator.LessThanOrEqual,
        ExpressionType.GreaterThan => ComparisonOperator.GreaterThan,
        _ => ComparisonOperator.GreaterThanOrEqual,
    };

    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.LessThan => ComparisonOperator.GreaterThan,
        ComparisonOperator.LessThanOrEqual => ComparisonOperator.GreaterThanOrEqual,
        ComparisonOperator.GreaterThan => ComparisonOperator.LessThan,
        ComparisonOperator.GreaterThanOrEqual => ComparisonOperator.LessThanOrEqual,
        _ => op,
    };

    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == parameter;
            return node;
        }
    }
}
