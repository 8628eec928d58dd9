// The names a C# cell can use without qualification in Polyglot Notebooks: the real kernel submits
// `using static Microsoft.DotNet.Interactive.Kernel;` first, and `Display()` lives in namespace System.
// The restorable Formatting package lacks these types, so the runner provides them with the same names and shapes.
using LlmWorkbook.Runner.Kernel;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace Microsoft.DotNet.Interactive
{
    public sealed record FormattedValue(string MimeType, string Value)
    {
        /// <summary>Formats <paramref name="value"/> for each MIME type, or for its preferred ones when none are given.</summary>
        public static IReadOnlyList<FormattedValue> CreateManyFromObject(object? value, params string[]? mimeTypes)
        {
            if (mimeTypes is null || mimeTypes.Length == 0)
            {
                mimeTypes = [.. PreferredMimeTypes(value)];
            }
            return mimeTypes.Distinct().Select(m => new FormattedValue(m, value.ToDisplayString(m))).ToList();
        }

        internal static IReadOnlyCollection<string> PreferredMimeTypes(object? value) => value switch
        {
            null => [HtmlFormatter.MimeType],
            string => [PlainTextFormatter.MimeType],
            _ => Formatter.GetPreferredMimeTypesFor(value.GetType()),
        };
    }

    /// <summary>A displayed output that a later call can replace in place.</summary>
    public sealed class DisplayedValue
    {
        private readonly string[] _mimeTypes;

        internal DisplayedValue(string displayId, IEnumerable<string> mimeTypes)
        {
            DisplayId = displayId;
            _mimeTypes = mimeTypes.ToArray();
        }

        public string DisplayId { get; }

        public IReadOnlyCollection<string> MimeTypes => _mimeTypes;

        public void Update(object? updatedValue)
        {
            var formatted = FormattedValue.CreateManyFromObject(updatedValue, _mimeTypes);
            KernelOutputChannel.UpdateDisplay(DisplayId, formatted.ToDictionary(f => f.MimeType, f => f.Value));
        }
    }

    public static class Kernel
    {
        public static DisplayedValue display(object? value, params string[] mimeTypes) => value.Display(mimeTypes);

        public static IHtmlContent HTML(string content) => new HtmlString(content);

        public static void CSS(string content) =>
            new HtmlString($"<style>{content}</style>").Display(HtmlFormatter.MimeType);

        public static void Javascript(string scriptContent) =>
            new HtmlString($"<script type=\"text/javascript\">{scriptContent}</script>").Display(HtmlFormatter.MimeType);

        // The kernel's signature; a headless run has no input widget for a type hint to choose.
#pragma warning disable IDE0060
        public static Task<string> GetInputAsync(string prompt = "", string typeHint = "text") =>
            Task.FromResult(KernelOutputChannel.ReadInput(prompt, isPassword: false));
#pragma warning restore IDE0060

        public static Task<PasswordString> GetPasswordAsync(string prompt = "") =>
            Task.FromResult(new PasswordString(KernelOutputChannel.ReadInput(prompt, isPassword: true)));
    }

    /// <summary>A secret typed by the user; prints as asterisks so it never reaches an output.</summary>
    public sealed class PasswordString(string password)
    {
        public string GetClearTextPassword() => password;
        public override string ToString() => "************";
    }
}

namespace System
{
    using Microsoft.DotNet.Interactive;

    public static class DisplayExtensions
    {
        /// <summary>Formats the value (for the given MIME types, or its preferred ones) and shows it as an output of the running cell.</summary>
        public static DisplayedValue Display(this object? value, params string[] mimeTypes)
        {
            var formatted = FormattedValue.CreateManyFromObject(value, mimeTypes);
            var displayId = Guid.NewGuid().ToString("N");
            KernelOutputChannel.Display(displayId, formatted.ToDictionary(f => f.MimeType, f => f.Value));
            return new DisplayedValue(displayId, formatted.Select(f => f.MimeType));
        }

        public static DisplayedValue DisplayAs(this string value, string mimeType)
        {
            var displayId = Guid.NewGuid().ToString("N");
            KernelOutputChannel.Display(displayId, new Dictionary<string, string> { [mimeType] = value });
            return new DisplayedValue(displayId, [mimeType]);
        }
    }
}
