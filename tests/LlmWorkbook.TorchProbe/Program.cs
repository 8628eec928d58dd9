// A child process of TorchRuntimeTests. Uses TorchSharp in one of three ways, then prints Σ(A·Aᵀ) for
// A = [[0, 1, 2], [3, 4, 5]], which is 83:
//   library      a type of the course library comes first: its module initializer chooses libtorch
//   explicit     TorchRuntime.EnsureLoaded(), then TorchSharp directly
//   torch-only   TorchSharp directly, the library never touched: TorchSharp's own loading
// Each way is a method of its own, so compiling one does not touch the types of another.
using LlmWorkbook;
using LlmWorkbook.Attention;
using static TorchSharp.torch;

switch (args.FirstOrDefault())
{
    case "library":
        ThroughTheLibrary();
        break;
    case "explicit":
        EnsureLoadedFirst();
        break;
    case "torch-only":
        break;
    default:
        Console.Error.WriteLine("usage: LlmWorkbook.TorchProbe library|explicit|torch-only");
        return 2;
}
PrintProductSum();
return 0;

static void ThroughTheLibrary()
{
    using var mask = ScaledDotProductAttention.FutureMask(3, 3);
    Console.WriteLine($"masked: {mask.sum().item<long>()}");
}

static void EnsureLoadedFirst() =>
    Console.WriteLine($"libtorch loaded by full path: {TorchRuntime.EnsureLoaded() is not null}");

static void PrintProductSum()
{
    using var a = arange(6, ScalarType.Float32).reshape(2, 3);
    using var product = a.matmul(a.T);
    Console.WriteLine($"sum: {product.sum().item<float>()}");
}
