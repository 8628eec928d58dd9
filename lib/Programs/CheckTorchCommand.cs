using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// <summary>
/// Loads TorchSharp's native libraries and runs one small matrix product, so a machine's C++ runtime and libtorch can
/// be checked without a notebook: <c>./workbook setup</c> runs it last.
/// </summary>
internal static class CheckTorchCommand
{
    public static int Run(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine($"check-torch: takes no arguments, got '{args[0]}'");
            return 2;
        }
        var libTorch = TorchRuntime.EnsureLoaded(); // before TorchSharp's first use, as notebooks do through the library
        using var scope = NewDisposeScope();
        var a = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        var product = a.matmul(a.t()); // [[5, 14], [14, 50]]
        var values = product.data<float>().ToArray();
        if (!values.SequenceEqual([5f, 14f, 14f, 50f]))
        {
            Console.Error.WriteLine($"check-torch: a 2x3 matmul gave [{string.Join(", ", values)}], expected [5, 14, 14, 50]");
            return 1;
        }
        Console.WriteLine($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} loaded libtorch " +
            (libTorch is null ? "its own way" : "from its package") + "; a 2x3 matmul is correct");
        return 0;
    }
}
