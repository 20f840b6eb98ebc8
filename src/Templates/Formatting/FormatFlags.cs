namespace Berth.Templates.Formatting;

/// <summary>The flags, width and precision of one printf verb, as Go's fmt keeps them.</summary>
internal struct FormatFlags
{
    public int Width;
    public int Precision;
    public bool HasWidth;
    public bool HasPrecision;
    public bool Minus;
    public bool Plus;
    public bool Sharp;
    public bool Space;
    public bool Zero;

    /// <summary>%+v: set instead of Plus so numbers print no sign.</summary>
    public bool PlusV;

    /// <summary>%#v: Go-syntax representation.</summary>
    public bool SharpV;
}
