using System.Reflection;
using PdfSharp.Fonts;

namespace WhatsApp.Api.Features.Billing;

/// <summary>
/// The bill PDF's typeface, DejaVu Sans (Bitstream Vera licence, <c>Fonts/LICENSE-DejaVu.txt</c>), read from the assembly.
/// PDFsharp 6's Core build has no GDI to find system fonts and a bare Linux container may have none, so the font ships
/// with the app; PDFsharp embeds only the glyphs a bill uses. Every family name asked for gets this face.
/// </summary>
internal sealed class BillFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "BillFonts.DejaVuSans.ttf";
    private const string Bold = "BillFonts.DejaVuSans-Bold.ttf";

    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process; PDFsharp's font settings are global and may not change after use.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            GlobalFontSettings.FontResolver ??= new BillFonts();
        }
    }

    // Italic is drawn by PDFsharp's simulation: a bill never uses it, and one face less keeps the assembly smaller.
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(faceName)
            ?? throw new InvalidOperationException($"The font resource {faceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
