using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Templates;

/// <summary>
/// A template's header. <see cref="Text"/> for a TEXT header (at most one placeholder). For media, <see cref="MediaUrl"/>
/// is the URL the provider fetches: null when every message gives the whole link (Meta's media headers), or a URL with one
/// placeholder the message fills (Twilio's twilio/media), or a fixed URL. <see cref="FileName"/> names a document.
/// </summary>
public sealed record TemplateHeader(HeaderFormat Format, string? Text = null, string? MediaUrl = null, string? FileName = null);

/// <summary>
/// A template button: its visible text and, by type, the URL (static, or with one placeholder for a dynamic suffix), the
/// phone number, or the code a copy-code button copies (filled per message).
/// </summary>
public sealed record TemplateButton(ButtonType Type, string Text, string? Url = null, string? PhoneNumber = null, string? Code = null,
    /// <summary>What a tap on this quick reply does (quick replies only); null: nothing.</summary>
    QuickReplyAction? Action = null);

/// <summary>What the app does when a customer taps a quick reply of one of our messages.</summary>
public enum QuickReplyAction
{
    None,
    /// <summary>The customer asks for no more marketing messages.</summary>
    StopMarketing,
    /// <summary>The customer asks for no more messages at all (an opt-out).</summary>
    StopAll,
    /// <summary>The customer asks to talk to a person: their conversation is opened for staff.</summary>
    AskForAgent,
    /// <summary>A support ticket is opened for the customer.</summary>
    OpenTicket,
}

/// <summary>
/// A variable part outside the body: its key among the template's variables (<see cref="TemplateParts"/>), and the
/// placeholder's name inside the part, when it has one.
/// </summary>
public sealed record ComponentParameter(string Key, string Label, string? Placeholder);

/// <summary>
/// The keys of a template's non-body parameters. Body placeholders are plain (<c>1</c>, <c>customer_name</c>: letters,
/// digits, underscores); every other part's key has a colon (not a dot: forms read dots as nested paths), so the two never meet in one variables map.
/// </summary>
public static class TemplateParts
{
    public const string HeaderText = "header:text";
    public const string HeaderMedia = "header:media";
    public static string Button(int index) => $"button:{index}";

    /// <summary>True for a body placeholder's key.</summary>
    public static bool IsBodyKey(string key) => !key.Contains(':');

    /// <summary>
    /// Each part outside the body that a message must fill, in the order WhatsApp lists components (header, then buttons).
    /// A TEXT header fills its placeholder, a media header its link (or its URL's placeholder), a URL button the
    /// placeholder of its URL, a copy-code button its code.
    /// </summary>
    public static IReadOnlyList<ComponentParameter> Of(TemplateHeader? header, IReadOnlyList<TemplateButton> buttons)
    {
        var parts = new List<ComponentParameter>();
        if (header is { Format: HeaderFormat.Text, Text: { } text } && TemplatePlaceholders.Keys(text) is [var key, ..])
            parts.Add(new(HeaderText, "Header text", key));
        else if (header is { Format: HeaderFormat.Image or HeaderFormat.Video or HeaderFormat.Document } media)
        {
            var placeholder = media.MediaUrl is null ? null : TemplatePlaceholders.Keys(media.MediaUrl).FirstOrDefault();
            if (media.MediaUrl is null || placeholder is not null)
                parts.Add(new(HeaderMedia, $"Header {media.Format.ToString().ToLowerInvariant()} {(placeholder is null ? "URL" : "URL part")}", placeholder));
        }
        for (var i = 0; i < buttons.Count; i++)
        {
            var b = buttons[i];
            if (b.Type == ButtonType.Url && b.Url is { } url && TemplatePlaceholders.Keys(url) is [var suffix, ..])
                parts.Add(new(Button(i), $"Button '{b.Text}' URL suffix", suffix));
            else if (b.Type == ButtonType.CopyCode && (b.Code is null || TemplatePlaceholders.Keys(b.Code) is [_, ..]))
                parts.Add(new(Button(i), $"Button '{b.Text}' code", b.Code is null ? null : TemplatePlaceholders.Keys(b.Code)[0]));
        }
        return parts;
    }

    /// <summary>
    /// What is wrong with a part's value, if anything: a media header given as a whole link needs an http(s) URL the
    /// provider can fetch (Meta answers anything else with 132012).
    /// </summary>
    public static string? ValueProblem(TemplateHeader? header, string key, string value)
    {
        if (key != HeaderMedia) return null;
        var isLink = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
        if (header?.MediaUrl is null)
            return isLink ? null : $"The {header?.Format.ToString().ToLowerInvariant()} header needs a link the provider can fetch (https://…), not '{Short(value)}'.";
        return isLink && MediaUrlPrefix(header.MediaUrl) is { } prefix && !value.StartsWith(prefix, StringComparison.Ordinal)
            ? $"This template's {header.Format.ToString().ToLowerInvariant()} link is fixed at the provider to start with '{prefix}'; '{Short(value)}' does not."
            : null;
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;

    /// <summary>
    /// The fixed part of a media URL before its placeholder (<c>https://isp.example/media/</c> in
    /// <c>https://isp.example/media/{{3}}</c>); null without a placeholder. Twilio lets a Content's media URL vary only
    /// after a fixed start, so a whole link given for it (a bill's signed PDF link) is sent as the rest after that start.
    /// </summary>
    public static string? MediaUrlPrefix(string mediaUrl) =>
        TemplatePlaceholders.Pattern().Match(mediaUrl) is { Success: true } m ? mediaUrl[..m.Index] : null;

    /// <summary>What fills a media URL's placeholder: a whole link that starts with the URL's fixed part gives the rest of it.</summary>
    private static string MediaUrlPart(string pattern, string value) =>
        MediaUrlPrefix(pattern) is { Length: > 0 } prefix && value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal)
            ? value[prefix.Length..]
            : value;

    /// <summary>A part this app cannot fill makes the template unsendable; null when every part can be filled.</summary>
    public static string? Unfillable(TemplateHeader? header, IReadOnlyList<TemplateButton> buttons) =>
        header?.Format == HeaderFormat.Location
            ? "it has a location header, which this app cannot fill"
            : buttons.Any(b => b.Type == ButtonType.Otp)
                ? "it has a one-time-password button (an authentication template), which this app does not send"
                : null;

    /// <summary>
    /// The header and buttons of one message, filled from its parameters (keyed as <see cref="Of"/> names them); the body's
    /// parameters are the plain keys. A media link is the template's URL with its placeholder replaced, or the value itself.
    /// </summary>
    public static (OutgoingHeader? Header, IReadOnlyList<OutgoingButton> Buttons) Fill(
        TemplateHeader? header, IReadOnlyList<TemplateButton> buttons, IReadOnlyDictionary<string, string> parameters)
    {
        OutgoingHeader? filledHeader = null;
        var filledButtons = new List<OutgoingButton>();
        foreach (var part in Of(header, buttons))
        {
            var value = parameters.GetValueOrDefault(part.Key) ?? "";
            if (part.Key == HeaderText) filledHeader = new OutgoingHeader(HeaderFormat.Text, value, part.Placeholder);
            else if (part.Key == HeaderMedia)
            {
                var fill = header!.MediaUrl is { } pattern ? MediaUrlPart(pattern, value) : value;
                var link = header.MediaUrl is { } p ? TemplatePlaceholders.Pattern().Replace(p, _ => fill, 1) : value;
                filledHeader = new OutgoingHeader(header.Format, fill, part.Placeholder, link, header.FileName);
            }
            else
            {
                var index = int.Parse(part.Key.AsSpan("button:".Length), System.Globalization.CultureInfo.InvariantCulture);
                filledButtons.Add(new OutgoingButton(index, buttons[index].Type, value, part.Placeholder));
            }
        }
        // A fixed media URL still goes with every Meta send: WhatsApp wants the header's media in the message.
        if (filledHeader is null && header is { Format: HeaderFormat.Image or HeaderFormat.Video or HeaderFormat.Document, MediaUrl: { } fixedUrl })
            filledHeader = new OutgoingHeader(header.Format, fixedUrl, null, fixedUrl, header.FileName);
        // So does a fixed coupon code.
        for (var i = 0; i < buttons.Count; i++)
            if (buttons[i] is { Type: ButtonType.CopyCode, Code: { } code } && filledButtons.All(b => b.Index != i) && !TemplatePlaceholders.Pattern().IsMatch(code))
                filledButtons.Add(new OutgoingButton(i, ButtonType.CopyCode, code, null));
        return (filledHeader, filledButtons.OrderBy(b => b.Index).ToList());
    }
}

/// <summary>WhatsApp's limits on a template's header, footer and buttons, as entered by hand; errors keyed by field.</summary>
public static class TemplateComponentRules
{
    public const int MaxButtons = 10;

    public static void Check(TemplateHeader? header, string? footer, IReadOnlyList<TemplateButton> buttons, Dictionary<string, string[]> errors)
    {
        if (header is not null)
        {
            if (!Enum.IsDefined(header.Format)) errors["header.format"] = ["Use None, Text, Image, Video, Document or Location."];
            else if (header.Format == HeaderFormat.Text)
            {
                if (string.IsNullOrWhiteSpace(header.Text)) errors["header:text"] = ["A text header needs its text."];
                else if (header.Text.Length > 60) errors["header:text"] = ["A header's text is at most 60 characters."];
                else if (TemplatePlaceholders.Keys(header.Text).Count > 1) errors["header:text"] = ["A header's text has at most one variable."];
            }
            else if (header.Format is HeaderFormat.Image or HeaderFormat.Video or HeaderFormat.Document && header.MediaUrl is { } url)
            {
                if (url.Length > 2000 || TemplatePlaceholders.Keys(url).Count > 1
                    || !Uri.TryCreate(TemplatePlaceholders.Pattern().Replace(url, "x"), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                    errors["header.mediaUrl"] = ["The media URL is an http(s) address the provider can fetch, with at most one variable; leave it empty to give the whole link per message."];
            }
            if (header.FileName is { Length: > 240 }) errors["header.fileName"] = ["A file name is at most 240 characters."];
        }
        if (footer is not null && (footer.Length > 60 || TemplatePlaceholders.Keys(footer).Count > 0))
            errors["footer"] = ["A footer is at most 60 characters, without variables."];
        if (buttons.Count > MaxButtons) errors["buttons"] = [$"A template has at most {MaxButtons} buttons."];
        for (var i = 0; i < buttons.Count; i++)
        {
            var b = buttons[i];
            var field = $"buttons[{i}]";
            if (b is null || !Enum.IsDefined(b.Type)) { errors[$"{field}.type"] = ["Use QuickReply, Url, PhoneNumber, CopyCode or Otp."]; continue; }
            if (string.IsNullOrWhiteSpace(b.Text) || b.Text.Length > 25) errors[$"{field}.text"] = ["A button's text is 1 to 25 characters."];
            if (b.Action is { } action && (b.Type != ButtonType.QuickReply || !Enum.IsDefined(action)))
                errors[$"{field}.action"] = ["Only quick replies take an action: None, StopMarketing, StopAll, AskForAgent or OpenTicket."];
            switch (b.Type)
            {
                case ButtonType.Url:
                    var keys = b.Url is null ? [] : TemplatePlaceholders.Keys(b.Url);
                    if (string.IsNullOrWhiteSpace(b.Url) || b.Url.Length > 2000
                        || !Uri.TryCreate(TemplatePlaceholders.Pattern().Replace(b.Url, "x"), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                        errors[$"{field}.url"] = ["A URL button needs an http(s) URL."];
                    else if (keys.Count > 1 || keys.Count == 1 && !b.Url.TrimEnd().EndsWith("}}", StringComparison.Ordinal))
                        errors[$"{field}.url"] = ["A URL button has at most one variable, at the end of the URL (its dynamic suffix)."];
                    break;
                case ButtonType.PhoneNumber:
                    if (string.IsNullOrWhiteSpace(b.PhoneNumber) || b.PhoneNumber.Length > 20 || !b.PhoneNumber.TrimStart('+').All(char.IsAsciiDigit))
                        errors[$"{field}.phoneNumber"] = ["A phone button needs a number in international form, e.g. +14155550123."];
                    break;
                case ButtonType.CopyCode when b.Code is { Length: > 15 } && TemplatePlaceholders.Keys(b.Code).Count == 0:
                    errors[$"{field}.code"] = ["A copy code is at most 15 characters."];
                    break;
            }
        }
    }
}
