using System.Text;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// The webhook signature checks against the test vectors the providers' official SDKs publish, beyond the twilio-csharp
/// ones in <see cref="TwilioDriverTests"/>: twilio-python (repeated parameters), twilio-ruby and twilio-java (a JSON body
/// whose URL has no other parameter, URLs with credentials), Meta's WhatsApp Node.js SDK (X-Hub-Signature-256) and the
/// Vonage Python SDK (signed-webhook JWTs).
/// </summary>
public sealed class SdkSignatureVectorsTests : IClassFixture<DriverFixture>
{
    private const string Token = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string JsonBody = "{\"property\": \"value\", \"boolean\": true}";
    private const string JsonBodyHash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private const string FormBody = "CallSid=CA1234567890ABCDE&From=%2B14158675309&Digits=1234&To=%2B18005551212&Caller=%2B14158675309";

    private readonly TwilioDriver _twilio;

    public SdkSignatureVectorsTests(DriverFixture fx) => _twilio = fx.Driver<TwilioDriver>();

    private bool TwilioAccepts(string url, string body, string signature, string contentType = "application/x-www-form-urlencoded") =>
        _twilio.VerifyWebhook(
            Msg.Context(null, new Dictionary<string, string> { ["accountSid"] = "AC" + new string('1', 32), ["authToken"] = Token }),
            new WebhookRequest("POST", url, new Dictionary<string, string> { ["X-Twilio-Signature"] = signature }, Encoding.UTF8.GetBytes(body),
                contentType, CapturedWebhook.Query(url)));

    [Fact]
    public void Twilio_signs_a_repeated_parameter_once_per_value_in_sorted_order_as_twilio_python_publishes()
    {
        // twilio-python test_compute_signature_duplicate_query_dict: Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234.
        Assert.True(TwilioAccepts(Url, "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234", "IK+Dwps556ElfBT0I3Rgjkr1wJU="));
        Assert.True(TwilioAccepts(Url, "Digits=1234&Sid=CA123&Digits=5678&SidAccount=AC123", "IK+Dwps556ElfBT0I3Rgjkr1wJU="));
        Assert.False(TwilioAccepts(Url, "Sid=CA123&SidAccount=AC123&Digits=5678", "IK+Dwps556ElfBT0I3Rgjkr1wJU="));
    }

    [Fact]
    public void Twilio_checks_a_json_body_whose_url_has_only_its_bodySHA256_as_twilio_ruby_and_java_publish()
    {
        const string url = "https://mycompany.com/myapp.php?bodySHA256=" + JsonBodyHash;

        Assert.True(TwilioAccepts(url, JsonBody, "y77kIzt2vzLz71DgmJGsen2scGs=", "application/json"));
        Assert.False(TwilioAccepts(url, JsonBody + " ", "y77kIzt2vzLz71DgmJGsen2scGs=", "application/json"));
    }

    [Theory]
    [InlineData("https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "CukzLTc1tT5dXEDIHm/tKBanW10=")]
    [InlineData("https://user@mycompany.com/myapp.php?foo=1&bar=2", "2YRLlVAflCqxaNicjMpJcSTgzSs=")]
    [InlineData("https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=")] // signed with :443 added
    public void Twilio_accepts_urls_with_credentials_as_twilio_ruby_publishes(string url, string signature)
    {
        Assert.True(TwilioAccepts(url, FormBody, signature));
    }

    [Fact]
    public void Meta_x_hub_signature_256_matches_the_whatsapp_nodejs_sdks_known_signature()
    {
        // WhatsApp-Nodejs-SDK src/__tests__/utils.test.ts: body "test", app secret TEST_APP_SECRET (jest.config.ts).
        const string known = "0c61947b610d4f45e65f3d680e26027121ec2413e77598bcb6cfc6e0d9888221";

        Assert.Equal("sha256=" + known, WebhookSignatures.MetaSignature("TEST_APP_SECRET", "test"u8));
        Assert.True(WebhookSignatures.VerifyMeta("TEST_APP_SECRET", "test"u8, "sha256=" + known));
        Assert.False(WebhookSignatures.VerifyMeta("TEST_APP_SECRET", "test "u8, "sha256=" + known));
        Assert.False(WebhookSignatures.VerifyMeta("OTHER_SECRET", "test"u8, "sha256=" + known));
    }

    [Fact]
    public void Vonage_signed_webhook_jwts_verify_with_the_vonage_python_sdks_secret_and_not_with_another()
    {
        // vonage-python-sdk jwt/tests/test_verify_jwt.py. Its token has no payload_hash, so a correct signature gets as far
        // as the body check (and is refused there); a wrong secret is refused at the signature.
        const string token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJPbmxpbmUgSldUIEJ1aWxkZXIiLCJpYXQiOjE2OTc2MzQ2ODAsImV4cCI6MzMyNTQ1NDA4MjgsImF1ZCI6IiIsInN1YiI6IiJ9.88vJc3I2HhuqEDixHXVhc9R30tA6U_HQHZTC29y6CGM";
        var now = DateTimeOffset.FromUnixTimeSeconds(1697634680);

        Assert.Equal(WebhookSignatures.VonageCheck.PayloadHashMismatch,
            WebhookSignatures.VerifyVonage("qwertyuiopasdfghjklzxcvbnm123456", "{}"u8, "Bearer " + token, now, TimeSpan.FromMinutes(5)));
        Assert.Equal(WebhookSignatures.VonageCheck.BadSignature,
            WebhookSignatures.VerifyVonage("asdf", "{}"u8, "Bearer " + token, now, TimeSpan.FromMinutes(5)));
    }
}
