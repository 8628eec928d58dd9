using System.Diagnostics;

namespace LlmWorkbook.Data;

/// <summary>Downloads a package by exact name and version from the registries the course uses, with their own tools.</summary>
public static class RegistryPackages
{
    /// <summary>
    /// Downloads the package of <paramref name="manifest"/> and unpacks it into <paramref name="folder"/>: npm packages
    /// with <c>npm pack</c> (their files land under <c>package/</c>), Debian packages with <c>apt-get download</c> and
    /// <c>dpkg-deb -x</c>.
    /// </summary>
    public static async Task UnpackAsync(DataManifest manifest, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var work = Directory.CreateTempSubdirectory("workbook-download-");
        try
        {
            switch (manifest.Registry)
            {
                case "npm":
                    await RunAsync(manifest, "npm", ["pack", "--silent", $"{manifest.Package}@{manifest.Version}"], work.FullName, cancellationToken);
                    await RunAsync(manifest, "tar", ["-xzf", Single(work, "*.tgz", manifest), "-C", folder], work.FullName, cancellationToken);
                    break;
                case "debian":
                    await RunAsync(manifest, "apt-get", ["download", "-qq", $"{manifest.Package}={manifest.Version}"], work.FullName, cancellationToken);
                    await RunAsync(manifest, "dpkg-deb", ["-x", Single(work, "*.deb", manifest), folder], work.FullName, cancellationToken);
                    break;
                default:
                    throw new InvalidDataException($"{manifest.File}: unknown registry '{manifest.Registry}'");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Single(DirectoryInfo folder, string pattern, DataManifest manifest) =>
        folder.GetFiles(pattern) is [var file] ? file.FullName
            : throw new InvalidOperationException($"{manifest.File}: downloading {manifest.Package} {manifest.Version} gave no single {pattern} file");

    private static async Task RunAsync(DataManifest manifest, string tool, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{manifest.File}: '{tool}' is needed to fetch {manifest.Package} and is not installed");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                var lines = ((await error) + "\n" + (await output)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var detail = lines.Length == 0 ? "no message" : string.Join(" | ", lines.Take(3));
                throw new InvalidOperationException($"{manifest.File}: {tool} could not fetch {manifest.Package} {manifest.Version} (exit {process.ExitCode}): {detail}");
            }
        }
    }
}
