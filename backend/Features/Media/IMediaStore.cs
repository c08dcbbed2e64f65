namespace WhatsApp.Api.Features.Media;

/// <summary>Which <see cref="IMediaStore"/> keeps the app's files: <c>Media:Store</c>.</summary>
public enum MediaStoreKind
{
    /// <summary>Files in <c>Media:StoreDirectory</c> (App_Data/media/kept): one instance, or several sharing a network volume.</summary>
    Files,
    /// <summary>Rows in the app's database: several instances on PostgreSQL share them with no shared volume.</summary>
    Database,
}

/// <summary>
/// Keeps files the app must hold on to (inbound media customers sent, staff uploads) by an opaque key. Contract: keys are made by the
/// caller, unique and made of lowercase letters, digits and '-' only (anything else is refused with
/// <see cref="ArgumentException"/>); <see cref="SaveAsync"/> stores the whole stream or nothing (a reader never sees
/// half a file) and replaces nothing that a reader could be reading under another key; <see cref="OpenAsync"/> returns
/// null for a key that names nothing; the caller disposes the stream. Size limits are the caller's business.
/// </summary>
public interface IMediaStore
{
    Task SaveAsync(string key, Stream content, CancellationToken ct);

    /// <summary>A readable stream of the file, or null when nothing is stored under <paramref name="key"/>.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Removes the file; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

internal static class MediaStoreKeys
{
    public const int MaxLength = 64;

    public static string Checked(string key) =>
        key.Length is > 0 and <= MaxLength && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? key
            : throw new ArgumentException("A media store key is 1–64 lowercase letters, digits or '-'.", nameof(key));
}
