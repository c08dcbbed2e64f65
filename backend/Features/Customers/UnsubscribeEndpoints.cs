using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// The page behind each customer's unsubscribe link (<see cref="UnsubscribeLinks"/>). Public: the token is the credential.
/// HTML for people, not part of the API document.
/// </summary>
public static class UnsubscribeEndpoints
{
    /// <summary>
    /// User agents that fetch a link to draw its preview the moment it is sent or shared. Their GET must not unsubscribe
    /// anyone, or every message carrying the link would opt its recipient out.
    /// </summary>
    private static readonly string[] PreviewFetchers =
    [
        "WhatsApp", "facebookexternalhit", "Slackbot", "TelegramBot", "Twitterbot", "Discordbot", "LinkedInBot",
        "SkypeUriPreview", "Googlebot", "bingbot",
    ];

    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(UnsubscribeLinks.PathPrefix.TrimEnd('/')).AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{token}", Open).WithName("OpenUnsubscribeLink")
            .WithSummary("Opts the customer out and confirms it; link-preview fetchers get a button instead.");
        // RFC 8058 one-click: mail and messaging clients POST to the link itself.
        group.MapPost("/{token}", Confirm).WithName("ConfirmUnsubscribeLink").WithSummary("Opts the customer out and confirms it.");
        return app;
    }

    private static Task<ContentHttpResult> Open(string token, HttpContext http, AppDbContext db, UnsubscribeLinks links, ConsentService consent)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var isPreview = PreviewFetchers.Any(bot => userAgent.Contains(bot, StringComparison.OrdinalIgnoreCase));
        return Handle(token, http, db, links, consent, optOut: !isPreview);
    }

    private static Task<ContentHttpResult> Confirm(string token, HttpContext http, AppDbContext db, UnsubscribeLinks links, ConsentService consent) =>
        Handle(token, http, db, links, consent, optOut: true);

    private static async Task<ContentHttpResult> Handle(
        string token, HttpContext http, AppDbContext db, UnsubscribeLinks links, ConsentService consent, bool optOut)
    {
        // The token is a credential in the URL: keep it out of caches, search indexes and other sites' logs.
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

        var customer = links.Read(token) is { } id ? await db.Set<Customer>().FirstOrDefaultAsync(c => c.Id == id) : null;
        if (customer is null)
            return Page(StatusCodes.Status404NotFound, "Link not valid", "This unsubscribe link is not valid",
                "<p>The link may have been copied incompletely. Open it again from the message you received.</p>");

        if (!optOut)
            return Page(StatusCodes.Status200OK, "Unsubscribe", "Unsubscribe from WhatsApp messages?",
                $"""
                <p>Messages to your number ending in {Encode(LastDigits(customer.Phone))} will stop.</p>
                <form method="post"><button type="submit">Unsubscribe</button></form>
                """);

        // A second click, or a refresh, confirms again without appending another record.
        if (customer.WhatsAppOptIn)
        {
            consent.Record(customer, false, ConsentSource.UnsubscribeLink, "customer", "Clicked the unsubscribe link");
            await db.SaveChangesAsync();
        }
        return Page(StatusCodes.Status200OK, "Unsubscribed", "You are unsubscribed",
            $"""
            <p>You will no longer receive WhatsApp messages from us at your number ending in {Encode(LastDigits(customer.Phone))}.</p>
            <p>Changed your mind? You can opt in again from your profile, or by replying START to our WhatsApp number.</p>
            """);
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
