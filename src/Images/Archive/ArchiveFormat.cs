namespace Berth.Images.Archive;

public enum ArchiveFormat
{
    /// <summary>docker save's layout: manifest.json for every docker version, plus the OCI index docker 25 adds.</summary>
    Docker,
    /// <summary>An OCI image layout (oci-layout, index.json, blobs/) with OCI media types only.</summary>
    Oci,
}
