using System.Linq.Expressions;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A search or get filter, parsed from the <c>Expression&lt;Func&lt;TRecord, bool&gt;&gt;</c> that Microsoft.Extensions.VectorData
/// passes in. This tree is the one definition of what the course's stores accept: comparisons (==, !=, &lt;, &lt;=, &gt;, &gt;=)
/// between a key or data property and a value (a constant, a captured variable, or any expression that does not use the
/// record), a bool property on its own, <c>true</c>/<c>false</c>, and &amp;&amp;, || and ! over those. The in-process store
/// evaluates the tree with <see cref="Matches"/>; the PostgreSQL store turns it into SQL. The kinds are closed:
/// <see cref="ComparisonFilter"/>, <see cref="AndFilter"/>, <see cref="OrFilter"/>, <see cref="NotFilter"/>, <see cref="ConstantFilter"/>.
/// </summary>
public abstract record RecordFilter
{
    private protected RecordFilter()
    {
    }

    /// <summary>Parses <paramref name="filter"/> against <paramref name="model"/>.</summary>
    /// <exception cref="NotSupportedException">The filter uses something outside the subset; the message names it.</exception>
    public static RecordFilter Parse<TRecord>(Expression<Func<TRecord, bool>> filter, RecordModel model)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(model);
        if (!typeof(TRecord).IsAssignableFrom(model.RecordType))
        {
            throw new ArgumentException($"the filter is over {typeof(TRecord).Name}, the model over {model.RecordType.Name}", nameof(filter));
        }
        return new FilterParser(model, filter.Parameters[0]).Parse(filter.Body);
    }

    /// <summary>
    /// Whether a record matches, with C# semantics (null equals only null; an ordering comparison with null is false).
    /// </summary>
    /// <param name="valueOf">The record's value of a property.</param>
    public abstract bool Matches(Func<RecordProperty, object?> valueOf);
}
