// Runner: filled in by the foundation work.
namespace LlmWorkbook.Runner; internal static class Program { private static int Main() => 0; }
