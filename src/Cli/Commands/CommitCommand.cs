using Berth.Cli.Parsing;
using Berth.Engine.Containers;
using Berth.Engine.Lifecycle;
using Berth.Images.Commit;
using Berth.Images.Content;
using Berth.Images.Import;
using Berth.Images.Oci;
using Berth.Images.References;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>`commit`: a container's changes (its overlay upperdir) as a new image on top of its own.</summary>
static class CommitCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "commit",
        Usage = "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        Description = "Create a new image from a container's changes",
        Aliases = ["container commit"],
        Flags =
        [
            FlagSpec.Value("author", 'a', "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
            FlagSpec.List("change", 'c', "Apply Dockerfile instruction to the created image"),
            FlagSpec.Value("message", 'm', "Commit message"),
            FlagSpec.Bool("pause", 'p', "Pause container during commit") with { Default = "true" },
        ],
        MinArgs = 1,
        MaxArgs = 2,
        Run = args =>
        {
            var tag = args.Arguments.Count > 1 ? ImageReference.Parse(args.Arguments[1]) : null;
            if (tag?.Digest is not null) throw BerthException.Invalid("refusing to create a tag with a digest reference");
            var record = context.Containers.Get(args.Arguments[0]);
            // Without its image the container's lower layers have no manifest to name them by.
            if (!Digest.TryParse(record.Image, out var parent) || !context.Images.LoadIndex().Images.ContainsKey(parent.Value))
                throw BerthException.Conflict($"cannot commit container {record.ShortName}: its image {record.Image} was removed; tag or load it again first");
            var pauser = new ContainerPauser(context.Containers);
            var pause = args.Bool("pause") && record.State.Running && !record.State.Paused;
            if (pause) pauser.Pause(record);
            try
            {
                var result = new ImageCommitter(context.Images).Commit(new CommitRequest
                {
                    ChangesDirectory = context.Paths.UpperDir(record.Id),
                    Parent = parent,
                    Config = ConfigChanges.Apply(RunConfigOf(record.Config), args.List("change")),
                    Author = args.Value("author"),
                    Comment = args.Value("message"),
                    CreatedBy = record.Config.Cmd is { } cmd ? string.Join(' ', cmd) : null,
                    SourceDateEpoch = SourceDateEpoch.FromEnvironment(),
                    Tag = tag,
                });
                context.Out.WriteLine(result.ImageId.Value);
            }
            finally
            {
                if (pause) pauser.Unpause(context.Containers.Get(record.Id));
            }
            return 0;
        },
    };

    /// <summary>docker commits the container's config as the image's: what run and its flags made of it.</summary>
    static RunConfig RunConfigOf(ContainerConfig config) => new()
    {
        User = config.User.Length == 0 ? null : config.User,
        ExposedPorts = config.ExposedPorts,
        Env = config.Env,
        Entrypoint = config.Entrypoint,
        Cmd = config.Cmd,
        Volumes = config.Volumes,
        WorkingDir = config.WorkingDir.Length == 0 ? null : config.WorkingDir,
        Labels = config.Labels.Count == 0 ? null : config.Labels,
        StopSignal = config.StopSignal,
        Healthcheck = config.Healthcheck,
        OnBuild = config.OnBuild,
    };
}

/// <summary>SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since the epoch, for times written into images.</summary>
static class SourceDateEpoch
{
    public static DateTimeOffset? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(value)) return null;
        return long.TryParse(value, out var seconds) && seconds >= 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw BerthException.Invalid($"invalid SOURCE_DATE_EPOCH \"{value}\": want a whole number of seconds since 1970");
    }
}
