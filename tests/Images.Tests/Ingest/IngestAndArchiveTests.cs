using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Images.Archive;
using Berth.Images.Commit;
using Berth.Images.Content;
using Berth.Images.Ingest;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Images.Store;
using Berth.Images.Tests.Layers;
using Berth.Sys.Errors;

namespace Berth.Images.Tests.Ingest;

/// <summary>ImageIngest (the shared way in), ImageCommitter (directory → layer + image), and save/load between two stores.</summary>
public sealed class IngestAndArchiveTests : IDisposable
{
    readonly ScratchDirectory scratch = new();
    readonly ImageStore store;

    public IngestAndArchiveTests() => store = new ImageStore(scratch.Sub("store"));

    public void Dispose() => scratch.Dispose();

    string Tree(string name, params (string Path, string Content)[] files)
    {
        var root = scratch.Sub(name);
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, path))!);
            File.WriteAllText(Path.Join(root, path), content);
        }
        return root;
    }

    CommitResult Commit(string? directory, Digest? parent = null, string? tag = null, DateTimeOffset? epoch = null) =>
        new ImageCommitter(store).Commit(new CommitRequest
        {
            ChangesDirectory = directory,
            FromOverlayUpper = false,
            Parent = parent,
            CreatedBy = "test",
            SourceDateEpoch = epoch,
            Tag = tag is null ? null : ImageReference.Parse(tag),
        });

    [Fact]
    public void Committed_image_id_is_its_config_digest_and_it_stacks_on_its_parent()
    {
        var baseImage = Commit(Tree("base", ("etc/a", "a")), tag: "it/base:1");
        var child = Commit(Tree("child", ("etc/b", "b")), baseImage.ImageId, "it/child:1");

        var image = store.Get("it/child:1");
        Assert.Equal(child.ImageId, image.Id);
        Assert.Equal(Digest.Of(File.ReadAllBytes(store.Content.PathOf(image.Id))), image.Id);
        Assert.Equal([baseImage.DiffId!.Value, child.DiffId!.Value], image.DiffIds);
        Assert.Equal(2, image.Config.History!.Count);
        Assert.True(store.Layers.IsUnpacked(child.DiffId!.Value));
        Assert.Equal("b", File.ReadAllText(Path.Join(store.Layers.DiffPath(child.DiffId.Value), "etc", "b")));
    }

    [Fact]
    public void A_step_without_a_directory_is_an_empty_layer_history_entry()
    {
        var baseImage = Commit(Tree("base", ("a", "a")));

        var step = Commit(null, baseImage.ImageId);

        var image = store.Load(store.LoadIndex(), step.ImageId);
        Assert.Null(step.DiffId);
        Assert.Single(image.DiffIds);
        Assert.True(image.Config.History![^1].EmptyLayer);
    }

    [Fact]
    public void Source_date_epoch_gives_the_same_image_for_the_same_tree_at_other_times()
    {
        var first = Tree("one", ("dir/file", "same"));
        var second = Tree("two", ("dir/file", "same"));
        File.SetLastWriteTimeUtc(Path.Join(second, "dir", "file"), DateTime.UtcNow.AddHours(1));
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        Assert.Equal(Commit(first, epoch: epoch).ImageId, Commit(second, epoch: epoch).ImageId);
    }

    [Fact]
    public void Register_refuses_a_manifest_naming_a_missing_layer_and_records_nothing()
    {
        using var ingest = ImageIngest.Begin(store);
        var missing = Digest.Of("not stored"u8);
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["{{{missing}}}"]}}""");
        var configDigest = ingest.WriteBlob(config);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Manifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.Value, Size = config.Length },
            Layers = [new Descriptor { MediaType = MediaTypes.OciLayer, Digest = missing.Value, Size = 10 }],
        }, ImagesJson.Default.Manifest);

        var error = Assert.Throws<BerthException>(() => ingest.Register(ingest.WriteBlob(manifest)));

        Assert.Contains("missing", error.Message);
        Assert.Empty(store.LoadIndex().Images);
    }

    [Fact]
    public void Write_blob_refuses_a_digest_mismatch_and_keeps_nothing()
    {
        using var ingest = ImageIngest.Begin(store);

        Assert.Throws<BerthException>(() => ingest.WriteBlob(new MemoryStream("content"u8.ToArray()), Digest.Of("other"u8)));

        Assert.Empty(store.Content.List());
    }

    [Fact]
    public void Moving_a_tag_reports_the_image_it_named_before()
    {
        var first = Commit(Tree("a", ("a", "a")), tag: "it/moved:1");
        var second = Commit(Tree("b", ("b", "b")));
        var manifest = Digest.Parse(store.LoadIndex().Images[second.ImageId.Value].Manifest);

        using var ingest = ImageIngest.Begin(store);
        var registered = ingest.Register(manifest, new IngestOptions { Tags = [ImageReference.Parse("it/moved:1")] });

        Assert.Equal([("docker.io/it/moved:1", first.ImageId)], registered.MovedTags);
        Assert.Equal(second.ImageId, store.FindId("it/moved:1"));
    }

    [Theory]
    [InlineData(ArchiveFormat.Docker)]
    [InlineData(ArchiveFormat.Oci)]
    public void Saved_images_load_into_another_store_with_the_same_id_and_saving_twice_is_identical(ArchiveFormat format)
    {
        var baseImage = Commit(Tree("base", ("a", "a")));
        var child = Commit(Tree("child", ("b", "b")), baseImage.ImageId, "it/saved:1");
        var first = new MemoryStream();
        new ImageSaver(store).Save(["it/saved:1"], first, format);
        var second = new MemoryStream();
        new ImageSaver(store).Save(["it/saved:1"], second, format);
        Assert.Equal(SHA256.HashData(first.ToArray()), SHA256.HashData(second.ToArray()));

        var other = new ImageStore(scratch.Sub("other"));
        var loaded = new ImageLoader(other).Load(new MemoryStream(first.ToArray()));

        Assert.Equal(child.ImageId, Assert.Single(loaded).Id);
        Assert.Equal(child.ImageId, other.FindId("it/saved:1"));
        Assert.Equal("b", File.ReadAllText(Path.Join(other.Layers.DiffPath(child.DiffId!.Value), "b")));
    }

    [Fact]
    public void Gzip_compressed_archives_load()
    {
        var image = Commit(Tree("gz", ("a", "a")), tag: "it/gz:1");
        var archive = new MemoryStream();
        new ImageSaver(store).Save(["it/gz:1"], archive, ArchiveFormat.Docker);
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(archive.ToArray());

        var other = new ImageStore(scratch.Sub("other-gz"));
        new ImageLoader(other).Load(new MemoryStream(gzipped.ToArray()));

        Assert.Equal(image.ImageId, other.FindId("it/gz:1"));
    }

    [Fact]
    public void Zstd_compressed_archives_load()
    {
        var image = Commit(Tree("zst", ("a", "a")), tag: "it/zst:1");
        var archive = new MemoryStream();
        new ImageSaver(store).Save(["it/zst:1"], archive, ArchiveFormat.Oci);
        var compressed = new ZstdSharp.Compressor(3).Wrap(archive.ToArray()).ToArray();

        var other = new ImageStore(scratch.Sub("other-zst"));
        new ImageLoader(other).Load(new MemoryStream(compressed));

        Assert.Equal(image.ImageId, other.FindId("it/zst:1"));
    }

    [Fact]
    public void Several_images_save_into_one_archive_and_an_untagged_one_loads_by_id()
    {
        var tagged = Commit(Tree("one", ("a", "a")), tag: "it/one:1");
        var untagged = Commit(Tree("two", ("b", "b")));
        var archive = new MemoryStream();
        new ImageSaver(store).Save(["it/one:1", untagged.ImageId.Value], archive, ArchiveFormat.Docker);

        var other = new ImageStore(scratch.Sub("other-many"));
        var loaded = new ImageLoader(other).Load(new MemoryStream(archive.ToArray()));

        Assert.Equal([tagged.ImageId, untagged.ImageId], loaded.Select(l => l.Id));
        Assert.Empty(loaded[1].Tags);
        Assert.Equal(tagged.ImageId, other.FindId("it/one:1"));
        Assert.NotNull(other.FindId(untagged.ImageId.Value));
    }

    [Fact]
    public void Redirected_directories_in_an_upperdir_are_refused()
    {
        var upper = Tree("upper", ("renamed/file", "x"));
        var value = "/original"u8.ToArray();
        Assert.Equal(0, SetXattr(Path.Join(upper, "renamed"), "trusted.overlay.redirect", value));

        var error = Assert.Throws<BerthException>(() => new ImageCommitter(store).Commit(new CommitRequest { ChangesDirectory = upper }));

        Assert.Contains("redirect_dir", error.Message);
        Assert.Empty(store.LoadIndex().Images);
    }

    static unsafe int SetXattr(string path, string name, byte[] value)
    {
        fixed (byte* start = value) return Berth.Sys.Interop.Libc.lsetxattr(path, name, start, value.Length, 0);
    }
}
