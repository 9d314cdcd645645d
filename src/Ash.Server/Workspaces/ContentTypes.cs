using System.Collections.Frozen;

namespace Ash.Server.Workspaces;

/// <summary>The Content-Type of a raw file download, by extension; anything else is application/octet-stream.</summary>
internal static class ContentTypes
{
    public const string Binary = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".log"] = "text/plain; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".tsv"] = "text/tab-separated-values; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".ts"] = "text/plain; charset=utf-8",
        [".py"] = "text/x-python; charset=utf-8",
        [".sh"] = "text/x-shellscript; charset=utf-8",
        [".cs"] = "text/plain; charset=utf-8",
        [".go"] = "text/plain; charset=utf-8",
        [".rs"] = "text/plain; charset=utf-8",
        [".java"] = "text/plain; charset=utf-8",
        [".c"] = "text/plain; charset=utf-8",
        [".h"] = "text/plain; charset=utf-8",
        [".json"] = "application/json",
        [".jsonl"] = "application/x-ndjson",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".toml"] = "application/toml",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tgz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".wasm"] = "application/wasm",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : Binary;
}
