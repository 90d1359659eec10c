using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Benchmarks;

/// <summary>
/// The vector instructions this process may use, for benchmark headers: <c>DOTNET_EnableAVX512=0</c> and
/// <c>DOTNET_EnableAVX512F=0</c> make an AVX-512 machine run the AVX2 paths, as GitHub's hosted runners do.
/// </summary>
public static class InstructionSets
{
    public static string Header =>
        $"Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated} Avx512F.IsSupported={Avx512F.IsSupported} " +
        $"Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated} Avx2.IsSupported={Avx2.IsSupported}";
}
