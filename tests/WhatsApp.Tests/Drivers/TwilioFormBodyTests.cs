using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>A Twilio send's form is encoded by the driver: byte for byte what .NET's FormUrlEncodedContent writes.</summary>
public class TwilioFormBodyTests
{
    [Fact]
    public async Task The_form_is_encoded_exactly_as_FormUrlEncodedContent_encodes_it()
    {
        List<KeyValuePair<string, string>> pairs =
        [
            new("To", "whatsapp:+14155550123"),
            new("ContentVariables", """{"1":"Zoë & Co = 100% \"paid\"","2":"R$ 1.234,50 😀"}"""),
            new("Body", "line one\nline two\ttab +plus ~tilde *star (paren) !bang 'quote'"),
            new("StatusCallback", "https://app.example.com/webhooks/twilio/7/status?x=1&y=2"),
            new("Empty", ""),
            // A lone surrogate (both write U+FFFD), and a value longer than the encoder's stack buffer.
            new("Broken", "a\uD800b"),
            new("Long", string.Concat(Enumerable.Repeat("Ünïcödé & spaces / 100% ", 200))),
        ];

        var expected = await new FormUrlEncodedContent(pairs).ReadAsByteArrayAsync();

        Assert.Equal(System.Text.Encoding.ASCII.GetString(expected), System.Text.Encoding.ASCII.GetString(TwilioHttp.FormBody(pairs)));
    }
}
