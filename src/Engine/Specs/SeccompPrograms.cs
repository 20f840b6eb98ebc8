using Berth.Runtime.Security;
using Berth.Seccomp;
using Berth.Sys.Files;

namespace Berth.Engine.Specs;

/// <summary>
/// Compiled seccomp programs on disk. docker's default profile depends only on the capability set,
/// the architecture and the kernel, so its file is found by those alone: `run` neither resolves the
/// profile nor hashes it (hashing would load OpenSSL, 5 ms) once the program exists.
/// </summary>
public sealed class SeccompPrograms(BerthPaths paths)
{
    const string FormatVersion = "1";

    public string DefaultProgram(IReadOnlyCollection<string> capabilities)
    {
        var file = Path.Combine(paths.SeccompCache,
            $"docker-default-v{FormatVersion}-{Capabilities.Mask(capabilities):x16}-{SeccompArchitectures.Host}-{Environment.OSVersion.Version}.bpf");
        if (File.Exists(file)) return file;
        var program = SeccompCompiler.Compile(DockerProfile.ResolveDefault(capabilities.ToHashSet(), SeccompArchitectures.Host));
        Directory.CreateDirectory(paths.SeccompCache);
        AtomicFile.Write(file, program);
        return file;
    }

    public string CustomProgram(LinuxSeccomp profile)
    {
        var cache = new CompiledProfileCache(paths.SeccompCache);
        cache.GetOrCompile(profile);
        return cache.PathFor(profile);
    }
}
