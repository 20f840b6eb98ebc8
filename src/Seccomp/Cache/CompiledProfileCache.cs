using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Sys.Files;

namespace Berth.Seccomp;

/// <summary>
/// Compiled programs on disk, one file per profile, so that <c>berth run</c> pays libseccomp's compile once
/// per machine. The key is the sha256 of the profile's canonical JSON, salted with what else shapes the
/// program (this format's version, the libseccomp version, the host architecture). Files are written
/// atomically, so concurrent runs at worst compile the same program twice and one rename wins.
/// </summary>
public sealed class CompiledProfileCache(string directory)
{
    /// <summary>Bump when the compiler's output changes for the same profile and library (e.g. the ENOSYS stub).</summary>
    const string FormatVersion = "berth-seccomp-bpf/1";

    static readonly Lazy<string> Salt = new(() =>
        $"{FormatVersion} libseccomp/{Libseccomp.Version} {RuntimeInformation.ProcessArchitecture}\n".ToLowerInvariant());

    public string Directory { get; } = directory;

    public byte[] GetOrCompile(LinuxSeccomp profile)
    {
        var path = PathFor(profile);
        if (TryRead(path) is { } cached) return cached;
        var program = SeccompCompiler.Compile(profile);
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.Write(path, program);
        return program;
    }

    /// <summary>Where the program for this profile lives (whether or not it has been compiled yet).</summary>
    public string PathFor(LinuxSeccomp profile) => Path.Combine(Directory, Key(profile) + ".bpf");

    /// <summary>The cache key: hex sha256 of the salt and the profile's canonical JSON.</summary>
    public static string Key(LinuxSeccomp profile)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(profile, SeccompJsonContext.Default.LinuxSeccomp);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Salt.Value));
        hash.AppendData(json);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A cached program, or null when absent or not a whole number of instructions (then it is rebuilt).</summary>
    static byte[]? TryRead(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length > 0 && bytes.Length % SockFilter.Size == 0 ? bytes : null;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }
}
