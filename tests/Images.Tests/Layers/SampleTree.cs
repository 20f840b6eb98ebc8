using System.Security.Cryptography;
using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

/// <summary>A directory tree with every kind of thing a layer can hold, with fixed times.</summary>
static class SampleTree
{
    public const long Mtime = 1_650_000_000;

    /// <summary>cap_dac_override,cap_fowner,cap_setfcap+ep: holds a newline byte and 0x80.</summary>
    public static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary><paramref name="binaryXattrs"/> false leaves out the values System.Formats.Tar cannot read back.</summary>
    public static void Create(string root, bool binaryXattrs = true)
    {
        Write(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        Write(root, "etc/.hidden", "dot files count");
        Write(root, "etc/empty", "");
        Directory.CreateDirectory(Path.Join(root, "home/user"));
        FileFacts.Chown(Path.Join(root, "home/user"), 1000, 1000);
        FileFacts.Chmod(Path.Join(root, "home/user"), 0x1c0);
        Write(root, "home/user/big", RandomNumberGenerator.GetBytes(3 << 20));
        FileFacts.Chown(Path.Join(root, "home/user/big"), 3_000_000, 3_000_001); // too big for an octal ustar field
        Write(root, "bin/su", "setuid");
        FileFacts.Chmod(Path.Join(root, "bin/su"), 0x9ed);
        Write(root, "bin/ping", "caps");
        FileFacts.SetXattr(Path.Join(root, "bin/ping"), "user.note", binaryXattrs ? "a\nnote"u8.ToArray() : "a note"u8.ToArray());
        if (binaryXattrs) FileFacts.SetXattr(Path.Join(root, "bin/ping"), "security.capability", Capability);
        Write(root, "bin/perl", "interpreter");
        FileFacts.Link(Path.Join(root, "bin/perl"), Path.Join(root, "bin/perl5.36"));
        Directory.CreateDirectory(Path.Join(root, "usr"));
        FileFacts.Link(Path.Join(root, "bin/perl"), Path.Join(root, "usr/perl-too"));
        File.CreateSymbolicLink(Path.Join(root, "bin/sh"), "/bin/busybox");
        File.CreateSymbolicLink(Path.Join(root, "lib"), "usr/lib");
        Directory.CreateDirectory(Path.Join(root, "dev"));
        FileFacts.Mknod(Path.Join(root, "dev/null"), Libc.S_IFCHR, 1, 3);
        FileFacts.Mknod(Path.Join(root, "dev/loop0"), Libc.S_IFBLK, 7, 0, 0x1b0);
        Directory.CreateDirectory(Path.Join(root, "run"));
        FileFacts.Mknod(Path.Join(root, "run/initctl"), Libc.S_IFIFO, 0, 0, 0x180);
        var longDirectory = Path.Join(root, string.Join('/', Enumerable.Repeat("a-directory-with-quite-a-long-name", 4)));
        Write(longDirectory, "and-a-file-with-a-long-name-too", "long");
        Write(root, "données/ファイル", "utf-8");
        Directory.CreateDirectory(Path.Join(root, "tmp"));
        FileFacts.Chmod(Path.Join(root, "tmp"), 0x3ff);
        FileFacts.SetXattr(Path.Join(root, "tmp"), "user.dir", "x"u8.ToArray());
        SetAllTimes(root, Mtime);
    }

    public static void Write(string root, string relative, string content) => Write(root, relative, System.Text.Encoding.UTF8.GetBytes(content));

    public static void Write(string root, string relative, byte[] content)
    {
        var path = Path.Join(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>Times last, since creating entries moves their directory's mtime.</summary>
    public static void SetAllTimes(string root, long seconds)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            FileFacts.SetMtime(path, seconds);
    }
}
