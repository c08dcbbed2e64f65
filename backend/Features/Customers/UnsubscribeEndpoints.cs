using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// The page behind each customer's unsubscribe link (<see cref="UnsubscribeLinks"/>). Public: the token is the credential.
/// Opening the link asks what to stop — offers only, or everything — and changes nothing by itself, so link-preview
/// fetchers (which open every link the moment it is sent) opt nobody out. HTML for people, not part of the API document.
/// </summary>
public static class UnsubscribeEndpoints
{
    /// <summary>The form field saying what to stop; its values. A POST without it (RFC 8058 one-click) stops everything.</summary>
    private const string ScopeField = "scope";
    private const string OffersOnly = "offers";
    private const string Everything = "all";

    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(UnsubscribeLinks.PathPrefix.TrimEnd('/')).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{token}", Open).WithName("OpenUnsubscribeLink")
            .WithSummary("Asks whether to stop offers only or every WhatsApp message; changes nothing.");
        // RFC 8058 one-click: mail and messaging clients POST to the link itself, without the scope: everything stops.
        group.MapPost("/{token}", Confirm).WithName("ConfirmUnsubscribeLink").WithSummary("Stops offers (scope=offers) or everything, and confirms it.")
            // The token is the credential and the page's own form posts here; there is no session to forge a request with.
            .DisableAntiforgery();
        return app;
    }

    private static async Task<ContentHttpResult> Open(string token, HttpContext http, AppDbContext db, UnsubscribeLinks links)
    {
        SetHeaders(http);
        var customer = await FindAsync(token, db, links);
        if (customer is null) return NotValid();
        return Page(StatusCodes.Status200OK, "Unsubscribe", "Which WhatsApp messages should stop?",
            $"""
            <p>For your number ending in {Encode(LastDigits(customer.Phone))}.</p>
            <form method="post"><input type="hidden" name="{ScopeField}" value="{OffersOnly}">
            <button type="submit">Stop offers only</button>
            <p class="hint">You keep getting your bills, payment confirmations and support updates.</p></form>
            <form method="post"><input type="hidden" name="{ScopeField}" value="{Everything}">
            <button type="submit" class="secondary">Stop everything</button>
            <p class="hint">No more WhatsApp messages from us, bills included.</p></form>
            """);
    }

    private static async Task<ContentHttpResult> Confirm(string token, HttpContext http, AppDbContext db, UnsubscribeLinks links, ConsentService consent)
    {
        SetHeaders(http);
        var customer = await FindAsync(token, db, links);
        if (customer is null) return NotValid();
        var scope = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync()).TryGetValue(ScopeField, out var v) ? v.ToString() : null : null;
        var offersOnly = scope == OffersOnly;

        // A second click, or a refresh, confirms again without appending another record.
        if (consent.Change(customer, offersOnly ? [ConsentPurpose.Marketing] : ConsentService.AllPurposes, false, ConsentSource.UnsubscribeLink,
                "customer", offersOnly ? "Clicked the unsubscribe link: stop offers only" : "Clicked the unsubscribe link") > 0)
            await db.SaveChangesAsync();
        var number = Encode(LastDigits(customer.Phone));
        return offersOnly
            ? Page(StatusCodes.Status200OK, "Offers stopped", "You will get no more offers",
                $"""
                <p>We will no longer send offers on WhatsApp to your number ending in {number}. Your bills, payment confirmations and support updates still come.</p>
                <p>Changed your mind? Ask us to send offers again, from your profile or by contacting us.</p>
                """)
            : Page(StatusCodes.Status200OK, "Unsubscribed", "You are unsubscribed",
                $"""
                <p>You will no longer receive WhatsApp messages from us at your number ending in {number}.</p>
                <p>Changed your mind? You can opt in again from your profile, or by replying START to our WhatsApp number.</p>
                """);
    }

    private static async Task<Customer?> FindAsync(string token, AppDbContext db, UnsubscribeLinks links) =>
        links.Read(token) is { } id ? await db.Set<Customer>().FirstOrDefaultAsync(c => c.Id == id) : null;

    private static ContentHttpResult NotValid() =>
        Page(StatusCodes.Status404NotFound, "Link not valid", "This unsubscribe link is not valid",
            "<p>The link may have been copied incompletely. Open it again from the message you received.</p>");

    /// <summary>The token is a credential in the URL: keep it out of caches, search indexes and other sites' logs.</summary>
    private static void SetHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <summary>Enough of the number to recognise it, not enough to learn it from a forwarded link.</summary>
    private static string LastDigits(string phone) => phone.Length <= 4 ? phone : phone[^4..];

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>A complete page with its styles inline: it must render with nothing else from this site.</summary>
    private static ContentHttpResult Page(int status, string title, string heading, string bodyHtml) => TypedResults.Content(
        $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{Encode(title)}}</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; padding: 2rem 1rem; color: #1a1a1a; background: #f6f7f9; line-height: 1.5; }
        main { max-width: 32rem; margin: 0 auto; background: #fff; border-radius: 8px; padding: 1.5rem 2rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        h1 { font-size: 1.4rem; margin-top: 0; }
        button { font: inherit; font-weight: 600; padding: .6rem 1.4rem; border: 0; border-radius: 6px; background: #0b6e4f; color: #fff; cursor: pointer; }
        button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
        button.secondary { background: #fff; color: #a61b1b; border: 2px solid #a61b1b; }
        form { margin-top: 1.25rem; }
        .hint { margin: .4rem 0 0; font-size: .9rem; color: #4a4a4a; }
        </style>
        </head>
        <body>
        <main>
        <h1>{{Encode(heading)}}</h1>
        {{bodyHtml}}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: status);
}
