using System.IO.Compression;
using System.Text;

namespace WhatsApp.Api.Features.Media;

/// <summary>What WhatsApp does with a media file: an image, a document or a video (header or message), an audio message or a sticker (inbound only).</summary>
public enum MediaKind { Image, Document, Video, Audio, Sticker }

/// <summary>One file type WhatsApp accepts in a template header, with its limit (Meta Cloud API, supported media types).</summary>
public sealed record MediaType(MediaKind Kind, string ContentType, string Extension, string Label)
{
    public long MaxBytes => MediaTypes.LimitOf(Kind);
}

/// <summary>
/// The header media WhatsApp accepts, as data, and how a file is recognised: by its first bytes (and for Office files
/// by what the package holds), never by the name or the type the browser declared, which anyone can change.
/// </summary>
public static class MediaTypes
{
    public const long MB = 1024 * 1024;

    /// <summary>WhatsApp's size limit per kind: image 5 MB, video and audio 16 MB, document 100 MB, sticker 500 KB (animated).</summary>
    public static long LimitOf(MediaKind kind) => kind switch
    {
        MediaKind.Image => 5 * MB,
        MediaKind.Video or MediaKind.Audio => 16 * MB,
        MediaKind.Sticker => 500 * 1024,
        _ => 100 * MB,
    };

    /// <summary>"5 MB", "500 KB": a limit as a refusal names it.</summary>
    public static string Describe(long bytes) => bytes >= MB ? $"{bytes / MB} MB" : $"{bytes / 1024} KB";

    /// <summary>The largest upload of any kind: what the endpoint lets in before it looks.</summary>
    public static readonly long MaxUploadBytes = LimitOf(MediaKind.Document);

    public static readonly MediaType Jpeg = new(MediaKind.Image, "image/jpeg", ".jpg", "JPEG image");
    public static readonly MediaType Png = new(MediaKind.Image, "image/png", ".png", "PNG image");
    public static readonly MediaType Pdf = new(MediaKind.Document, "application/pdf", ".pdf", "PDF document");
    public static readonly MediaType Doc = new(MediaKind.Document, "application/msword", ".doc", "Word 97–2003 document");
    public static readonly MediaType Xls = new(MediaKind.Document, "application/vnd.ms-excel", ".xls", "Excel 97–2003 workbook");
    public static readonly MediaType Ppt = new(MediaKind.Document, "application/vnd.ms-powerpoint", ".ppt", "PowerPoint 97–2003 presentation");
    public static readonly MediaType Docx = new(MediaKind.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document");
    public static readonly MediaType Xlsx = new(MediaKind.Document, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel workbook");
    public static readonly MediaType Pptx = new(MediaKind.Document, "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint presentation");
    public static readonly MediaType Text = new(MediaKind.Document, "text/plain", ".txt", "plain text");
    public static readonly MediaType Mp4 = new(MediaKind.Video, "video/mp4", ".mp4", "MP4 video");
    public static readonly MediaType ThreeGpp = new(MediaKind.Video, "video/3gpp", ".3gp", "3GPP video");

    // What customers send besides: voice notes and audio files, stickers (WhatsApp's audio and sticker types).
    public static readonly MediaType Aac = new(MediaKind.Audio, "audio/aac", ".aac", "AAC audio");
    public static readonly MediaType Amr = new(MediaKind.Audio, "audio/amr", ".amr", "AMR audio");
    public static readonly MediaType Mp3 = new(MediaKind.Audio, "audio/mpeg", ".mp3", "MP3 audio");
    public static readonly MediaType M4a = new(MediaKind.Audio, "audio/mp4", ".m4a", "MP4 audio");
    public static readonly MediaType Ogg = new(MediaKind.Audio, "audio/ogg", ".ogg", "Ogg audio (a voice note)");
    public static readonly MediaType Webp = new(MediaKind.Sticker, "image/webp", ".webp", "WebP sticker");

    /// <summary>What a template header or a reply may carry (what staff upload).</summary>
    public static readonly IReadOnlyList<MediaType> All = [Jpeg, Png, Pdf, Doc, Xls, Ppt, Docx, Xlsx, Pptx, Text, Mp4, ThreeGpp];

    /// <summary>What the app keeps of what customers send: the header types plus audio and stickers.</summary>
    public static readonly IReadOnlyList<MediaType> Inbound = [.. All, Aac, Amr, Mp3, M4a, Ogg, Webp];

    /// <summary>"image (JPEG, PNG) up to 5 MB; …": the rule as one sentence for a refusal.</summary>
    public static string Summary => SummaryOf(All);

    public static string SummaryOf(IEnumerable<MediaType> types) => string.Join("; ", types.GroupBy(t => t.Kind).Select(g =>
        $"{g.Key.ToString().ToLowerInvariant()} ({string.Join(", ", g.Select(t => t.Extension.TrimStart('.')))}) up to {Describe(LimitOf(g.Key))}"));

    /// <summary>The kind a content type (as a provider declares it) belongs to, among <see cref="Inbound"/>; null for none.</summary>
    public static MediaKind? KindOf(string? contentType) =>
        Inbound.FirstOrDefault(t => string.Equals(t.ContentType, contentType?.Split(';')[0].Trim(), StringComparison.OrdinalIgnoreCase))?.Kind;

    // Office 97–2003 files share one container (OLE2); the sub-type is only in its directory, so the name decides among them.
    private static readonly MediaType[] Ole2Family = [Doc, Xls, Ppt];
    // Office Open XML files are ZIP packages; the part folder says which application wrote it.
    private static readonly (string Folder, MediaType Type)[] OoxmlParts = [("word/", Docx), ("xl/", Xlsx), ("ppt/", Pptx)];

    /// <summary>
    /// The type the content is, or null when it is none WhatsApp takes. <paramref name="content"/> must be seekable; it
    /// is read from the start and left wherever reading stopped. <paramref name="fileName"/> only chooses among types the
    /// bytes cannot tell apart (Office 97–2003) and marks plain text. <paramref name="inbound"/> also recognises
    /// <see cref="Inbound"/>'s audio and sticker types.
    /// </summary>
    public static MediaType? Detect(Stream content, string? fileName, bool inbound = false)
    {
        Span<byte> head = stackalloc byte[16];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            return Ole2Family.FirstOrDefault(t => t.Extension == extension);
        if (head.StartsWith("PK\u0003\u0004"u8)) return OfficePackage(content);
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return inbound && head[8..12].SequenceEqual("M4A "u8) ? M4a : VideoOfBrand(Encoding.ASCII.GetString(head[8..12]));
        if (inbound && InboundAudioOrSticker(head) is { } other) return other;
        return extension == Text.Extension && IsPlainText(content) ? Text : null;
    }

    // ISO media files name their brand after "ftyp"; HEIC pictures, M4A audio and QuickTime share the box, so only video brands pass.
    private static readonly string[] Mp4Brands = ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "mmp4", "dash"];

    private static MediaType? VideoOfBrand(string brand) =>
        brand.StartsWith("3gp", StringComparison.Ordinal) ? ThreeGpp : Mp4Brands.Contains(brand) ? Mp4 : null;

    private static MediaType? InboundAudioOrSticker(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("OggS"u8)) return Ogg;
        if (head.StartsWith("#!AMR"u8)) return Amr;
        if (head.StartsWith("ID3"u8)) return Mp3;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return Webp;
        // MPEG frame sync: layer bits 00 are AAC in ADTS, anything else an MPEG audio layer (MP3).
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xF0) == 0xF0) return (head[1] & 0x06) == 0 ? Aac : Mp3;
        return null;
    }

    private static MediaType? OfficePackage(Stream content)
    {
        content.Position = 0;
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("[Content_Types].xml") is null) return null;
            return OoxmlParts.FirstOrDefault(p => zip.Entries.Any(e => e.FullName.StartsWith(p.Folder, StringComparison.Ordinal))).Type;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 without NULs or other binary control characters.</summary>
    private static bool IsPlainText(Stream content)
    {
        content.Position = 0;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 1];
        try
        {
            int n;
            while ((n = content.Read(bytes)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
                if (chars.AsSpan(0, count).ContainsAnyInRange('\0', '\b') || chars.AsSpan(0, count).ContainsAnyInRange('\u000E', '\u001F')) return false;
            }
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
