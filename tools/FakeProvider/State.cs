using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FakeProvider;

public sealed record TwilioAccount(
    string AccountSid,
    string AuthToken,
    string? ApiKeySid = null,
    string? ApiKeySecret = null,
    string? FriendlyName = null);

public sealed record VonageAccount(
    string ApiKey,
    string ApiSecret,
    string? ApplicationId = null,
    string? PrivateKeyPem = null,
    string? PublicKeyPem = null,
    string? SignatureSecret = null,
    string? StatusUrl = null,
    string? InboundUrl = null);

public sealed record MetaAccount(
    string PhoneNumberId,
    string AccessToken,
    string? AppSecret = null,
    string? BusinessAccountId = null,
    string? CallbackUrl = null,
    string? DisplayPhoneNumber = null,
    string? VerifiedName = null,
    string? MessagingLimitTier = "TIER_250")
{
    /// <summary>Digits used in webhook metadata; a stable made-up US number when none was registered.</summary>
    internal string DisplayDigits => Wire.Digits(DisplayPhoneNumber) is { Length: > 0 } d ? d : "15550100001";

    /// <summary>Webhook entry id: the WABA, or the number itself when no WABA was registered.</summary>
    internal string WabaOrSelf => BusinessAccountId ?? PhoneNumberId;
}

/// <summary>Twilio's price for a message, as its Message resource shows it <c>DelayMs</c> after the send.</summary>
public sealed record TwilioPricing(string Price = "-0.00500", string PriceUnit = "USD", int DelayMs = 1000);

/// <summary>A Twilio Content API item; seeded through the control API in either its real or a flat shape.</summary>
public sealed record TwilioTemplate
{
    public required string Sid { get; init; }

    /// <summary>Null: visible to every registered account.</summary>
    public string? AccountSid { get; init; }

    public string FriendlyName { get; init; } = "";
    public string Language { get; init; } = "en";
    public string Body { get; init; } = "";
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public string Category { get; init; } = "UTILITY";
    public string Status { get; init; } = "approved";
    public string RejectionReason { get; init; } = "";
    public string ContentType { get; init; } = "twilio/text";
    public DateTimeOffset DateCreated { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset DateUpdated { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>When seeded in the real Content API shape, its "types" object is echoed verbatim.</summary>
    public JsonElement? Types { get; init; }
}

/// <summary>A Meta message template as seeded: drives the template list and send validation.</summary>
public sealed partial record MetaTemplate
{
    public string Name { get; init; } = "";
    public string Language { get; init; } = "en_US";
    public string Status { get; init; } = "APPROVED";
    public string Category { get; init; } = "UTILITY";
    public string Body
    {
        get;
        init
        {
            field = value;
            _placeholders = null; // "with { Body = ... }" copies the cache; drop it
        }
    } = "";

    /// <summary>POSITIONAL ({{1}}) or NAMED ({{customer_name}}).</summary>
    public string ParameterFormat { get; init; } = "POSITIONAL";

    public string? Id { get; init; }

    /// <summary>Sample values for the template's "example"; generated when absent.</summary>
    public string[]? Examples { get; init; }

    public string? RejectedReason { get; init; }

    /// <summary>The HEADER component; null: none.</summary>
    public MetaHeader? Header { get; init; }

    public string? Footer { get; init; }

    /// <summary>The BUTTONS component's buttons, in order (their index is what sends name).</summary>
    public MetaButton[] Buttons { get; init; } = [];

    /// <summary>Distinct placeholder names in order of appearance; their count is what sends must match.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Placeholders =>
        _placeholders ??= Placeholder().Matches(Body).Select(m => m.Groups[1].Value).Distinct().ToArray();

    private string[]? _placeholders;

    internal bool IsNamed => string.Equals(ParameterFormat, "NAMED", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>A HEADER component: format TEXT (text with at most one placeholder), IMAGE, VIDEO, DOCUMENT or LOCATION.</summary>
public sealed record MetaHeader(string Format, string? Text = null, string? Example = null)
{
    internal static readonly string[] MediaFormats = ["IMAGE", "VIDEO", "DOCUMENT"];
    internal bool IsMedia => MediaFormats.Contains(Format.ToUpperInvariant());
    internal bool HasTextVariable => Format.Equals("TEXT", StringComparison.OrdinalIgnoreCase) && Text?.Contains("{{", StringComparison.Ordinal) == true;
}

/// <summary>A button: QUICK_REPLY, URL (a "{{1}}" at the end: a dynamic suffix each send fills), PHONE_NUMBER, COPY_CODE, OTP.</summary>
public sealed record MetaButton(string Type, string Text, string? Url = null, string? PhoneNumber = null, string? Example = null)
{
    /// <summary>Whether a send must give this button a parameter: a dynamic URL, a copy code, a one-time password.</summary>
    internal bool TakesParameter => Type.ToUpperInvariant() switch
    {
        "URL" => Url?.Contains("{{", StringComparison.Ordinal) == true,
        "COPY_CODE" or "OTP" => true,
        _ => false,
    };
}

/// <summary>
/// Deterministic failure for one recipient. "sync": the send is rejected with the provider's error body;
/// "async": the send is accepted and the status callback reports the failure. "held" (Meta only): the send is accepted
/// with <c>messages[0].message_status</c> = <see cref="Status"/> (<c>held_for_quality_assessment</c> unless <c>paused</c>
/// is given) and no status callback follows, as while Meta holds a message for a template's quality (pacing).
/// </summary>
public sealed record RecipientErrorRule
{
    public string Kind { get; init; } = "sync";
    public int? HttpStatus { get; init; }
    public int Code { get; init; }

    /// <summary>Async only: Twilio failed|undelivered, Vonage rejected|undeliverable (Meta is always failed).</summary>
    public string? Status { get; init; }

    /// <summary>Overrides the built-in description of the code.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Meta only: the rule applies to sends of this template name alone, others to the recipient go through — as Meta
    /// refuses an offer (131049, 131050) to someone who still gets their bills.
    /// </summary>
    public string? Template { get; init; }

    [JsonIgnore]
    public bool IsAsync => string.Equals(Kind, "async", StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public bool IsSync => string.Equals(Kind, "sync", StringComparison.OrdinalIgnoreCase);

    [JsonIgnore]
    public bool IsHeld => string.Equals(Kind, "held", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message_status a held send is answered with.</summary>
    public static readonly string[] HeldStatuses = ["held_for_quality_assessment", "paused"];
}

/// <summary>Whether and how status callbacks follow a successful send.</summary>
public sealed record CallbacksConfig
{
    public bool Enabled { get; init; } = true;
    public int DelayMs { get; init; } = 50;

    /// <summary>Generic names; Vonage maps "sent" to "submitted".</summary>
    public string[] Statuses { get; init; } = ["sent", "delivered", "read"];
}

/// <summary>One webhook the fake delivered (or tried to) and what the app answered.</summary>
public sealed record CallbackDelivery(
    long Seq,
    string Provider,
    string Kind,
    string Url,
    string? MessageId,
    string? Status,
    int? StatusCode,
    string? Error,
    string Body,
    string? ResponseBody,
    DateTimeOffset Time,
    double DurationMs);

/// <summary>Everything a send endpoint received, kept small so 100k of them are cheap.</summary>
public sealed class ReceivedMessage
{
    public long Seq { get; internal set; }

    /// <summary>The provider message id returned to the caller (also set for timeouts).</summary>
    public string? Id { get; internal set; }

    public string Provider { get; internal set; } = "";
    public DateTimeOffset ReceivedAt { get; internal set; } = DateTimeOffset.UtcNow;

    /// <summary>AccountSid, Vonage apiKey or Meta phoneNumberId.</summary>
    public string? AccountId { get; internal set; }

    public string? To { get; internal set; }
    public string? From { get; internal set; }

    /// <summary>ContentSid (Twilio) or template name.</summary>
    public string? Template { get; internal set; }

    public string? Language { get; internal set; }

    /// <summary>Vonage and Meta template parameters, in order.</summary>
    public IReadOnlyList<string>? Parameters { get; internal set; }

    /// <summary>Meta (and Vonage custom) header parameter: a media link, or the header text's value.</summary>
    public string? HeaderParameter { get; internal set; }

    /// <summary>Meta (and Vonage custom) button parameters by button index: a URL suffix or a coupon code.</summary>
    public IReadOnlyDictionary<int, string>? ButtonParameters { get; internal set; }

    /// <summary>Twilio ContentVariables exactly as sent (a JSON object string).</summary>
    public string? ContentVariables { get; internal set; }

    /// <summary>Twilio ContentVariables as a map; null if absent or not a JSON object.</summary>
    public IReadOnlyDictionary<string, string>? ContentVariableMap
    {
        get
        {
            if (ContentVariables is null) return null;
            try
            {
                var root = JsonSerializer.Deserialize<JsonElement>(ContentVariables);
                return root.ValueKind == JsonValueKind.Object
                    ? root.EnumerateObject().ToDictionary(p => p.Name, p => Wire.AsText(p.Value))
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>basic | apikey | jwt | bearer; null when no credentials were accepted.</summary>
    public string? AuthScheme { get; internal set; }

    public string? ClientRef { get; internal set; }

    /// <summary>The request's User-Agent: which client library sent it (the Twilio SDK says "twilio-csharp/…").</summary>
    public string? UserAgent { get; internal set; }

    /// <summary>"accepted", "timeout" or "&lt;http status&gt;:&lt;provider error code&gt;".</summary>
    public string Outcome { get; internal set; } = "";

    public int HttpStatus { get; internal set; }

    // UTF-8 bytes, not a string: half the memory, and usually the very array the body was read into.
    internal byte[]? RawBodyUtf8 { get; set; }

    public bool RawBodyTruncated { get; internal set; }

    public string? RawBody => RawBodyUtf8 is null ? null : Encoding.UTF8.GetString(RawBodyUtf8);
}

internal sealed class VonageApp(VonageAccount account, RSA? publicKey)
{
    public VonageAccount Account { get; } = account;

    public bool Verify(string token)
    {
        if (publicKey is null) return false;
        // RSA instances are not documented as thread-safe.
        lock (this) return Signing.VerifyRs256(token, publicKey);
    }

    public bool HasKey => publicKey is not null;
}

internal sealed record CachedJwt(VonageApp App, long? Expires);

/// <summary>
/// Everything the fake knows: accounts, templates, received messages, webhook log and failure settings.
/// A singleton; tests reach it with <c>app.Services.GetRequiredService&lt;FakeProviderState&gt;()</c>.
/// </summary>
public sealed class FakeProviderState
{
    private readonly FakeProviderOptions _options;
    private readonly Lock _registration = new();

    private readonly ConcurrentDictionary<string, TwilioAccount> _twilio = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TwilioAccount> _twilioKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VonageApp> _vonage = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VonageApp> _vonageApps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MetaAccount> _meta = new(StringComparer.Ordinal);

    private volatile TwilioTemplate[] _twilioTemplates = [];
    private readonly ConcurrentDictionary<string, MetaTemplate[]> _metaTemplates = new(StringComparer.Ordinal);

    // Replaced wholesale on every change so readers on the send path never lock.
    private volatile Dictionary<string, RecipientErrorRule> _recipientErrors = new();
    private volatile CallbacksConfig _callbacksConfig = new();

    private volatile ConcurrentQueue<ReceivedMessage> _messages = new();
    // Each customer's last inbound message (by phone digits): it opens the 24-hour customer-service window.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastInbound = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, string To), DateTimeOffset> _lastSend = new();

    /// <summary>
    /// Meta's pair rate limit: with a spacing set, a send from one number to one recipient sooner than this after the
    /// last accepted one is refused with 131056. Off (null) by default, because tests send to one phone back to back.
    /// </summary>
    public TimeSpan? MetaPairRateSpacing { get; set; }

    /// <summary>Records an accepted send from <paramref name="account"/> to <paramref name="to"/>; false (nothing recorded) when it comes too soon after the last.</summary>
    internal bool TakePairRateTurn(string account, string? to)
    {
        if (MetaPairRateSpacing is not { } spacing) return true;
        var key = (account, Wire.Digits(to));
        var now = DateTimeOffset.UtcNow;
        lock (_lastSend)
        {
            if (_lastSend.TryGetValue(key, out var last) && now - last < spacing) return false;
            _lastSend[key] = now;
            return true;
        }
    }

    /// <summary>
    /// What Twilio reports a message cost (its Message resource's <c>price</c>, negative, and <c>price_unit</c>), and how
    /// long after the send it appears: before that the price is null, as Twilio fills it in afterwards.
    /// </summary>
    public TwilioPricing TwilioPricing { get; set; } = new();

    /// <summary>Whether the customer wrote in the last 24 hours (their service window is open).</summary>
    internal bool IsWindowOpen(string? phone) => LastInbound(phone) is { } at && DateTimeOffset.UtcNow - at < ServiceWindow;
    private long _messageCount;
    private long _storedMessages;
    private long _messageSeq;

    private volatile ConcurrentQueue<CallbackDelivery> _callbacks = new();
    private long _callbackCount;
    private long _storedCallbacks;
    private long _callbackSeq;

    public FakeProviderState(FakeProviderOptions options) => _options = options;

    public FakeProviderState() : this(new FakeProviderOptions())
    {
    }

    public ChaosEngine Chaos { get; } = new();

    internal ConcurrentDictionary<string, CachedJwt> VonageJwtCache { get; } = new(StringComparer.Ordinal);

    // ---- accounts -------------------------------------------------------------------------------

    /// <summary>Registers or replaces (same AccountSid) a Twilio account.</summary>
    public void RegisterTwilio(TwilioAccount account)
    {
        Require(account.AccountSid, "accountSid");
        Require(account.AuthToken, "authToken");
        if (account.ApiKeySid is not null) Require(account.ApiKeySecret, "apiKeySecret");
        lock (_registration)
        {
            if (_twilio.TryGetValue(account.AccountSid, out var old) && old.ApiKeySid is not null)
                _twilioKeys.TryRemove(old.ApiKeySid, out _);
            _twilio[account.AccountSid] = account;
            if (account.ApiKeySid is not null) _twilioKeys[account.ApiKeySid] = account;
        }
    }

    /// <summary>Registers or replaces (same apiKey) a Vonage account/application.</summary>
    /// <exception cref="ArgumentException">Missing fields or an unreadable PEM.</exception>
    public void RegisterVonage(VonageAccount account)
    {
        Require(account.ApiKey, "apiKey");
        Require(account.ApiSecret, "apiSecret");
        RSA? key = null;
        var pem = account.PublicKeyPem ?? account.PrivateKeyPem;
        if (pem is not null)
        {
            if (account.ApplicationId is null) throw new ArgumentException("applicationId is required with a key.");
            try
            {
                key = Signing.LoadRsaPublicKey(pem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new ArgumentException("privateKeyPem/publicKeyPem is not a readable RSA PEM: " + e.Message);
            }
        }

        var app = new VonageApp(account, key);
        lock (_registration)
        {
            if (_vonage.TryGetValue(account.ApiKey, out var old) && old.Account.ApplicationId is not null)
                _vonageApps.TryRemove(old.Account.ApplicationId, out _);
            _vonage[account.ApiKey] = app;
            if (account.ApplicationId is not null) _vonageApps[account.ApplicationId] = app;
            VonageJwtCache.Clear();
        }
    }

    /// <summary>Registers or replaces (same phoneNumberId) a Meta phone number.</summary>
    public void RegisterMeta(MetaAccount account)
    {
        Require(account.PhoneNumberId, "phoneNumberId");
        Require(account.AccessToken, "accessToken");
        _meta[account.PhoneNumberId] = account;
    }

    public TwilioAccount? GetTwilioAccount(string accountSid) => _twilio.GetValueOrDefault(accountSid);

    public VonageAccount? GetVonageAccount(string apiKey) => _vonage.GetValueOrDefault(apiKey)?.Account;

    public MetaAccount? GetMetaAccount(string phoneNumberId) => _meta.GetValueOrDefault(phoneNumberId);

    public IReadOnlyList<TwilioAccount> TwilioAccounts => _twilio.Values.ToArray();
    public IReadOnlyList<VonageAccount> VonageAccounts => _vonage.Values.Select(a => a.Account).ToArray();
    public IReadOnlyList<MetaAccount> MetaAccounts => _meta.Values.ToArray();

    internal TwilioAccount? GetTwilioAccountByApiKey(string apiKeySid) => _twilioKeys.GetValueOrDefault(apiKeySid);

    internal VonageApp? GetVonageApp(string apiKey) => _vonage.GetValueOrDefault(apiKey);

    internal VonageApp? GetVonageAppByApplication(string? applicationId) =>
        applicationId is null ? null : _vonageApps.GetValueOrDefault(applicationId);

    /// <summary>A token of any registered number: Graph tells "bad token" (401) apart from "no access" (400).</summary>
    internal bool IsKnownMetaToken(string token) => _meta.Values.Any(a => a.AccessToken == token);

    // ---- templates ------------------------------------------------------------------------------

    /// <summary>Replaces (or with <paramref name="append"/> extends) the Content API templates.</summary>
    public void SeedTwilioTemplates(IEnumerable<TwilioTemplate> templates, bool append = false)
    {
        lock (_registration)
            _twilioTemplates = append ? [.. _twilioTemplates, .. templates] : templates.ToArray();
    }

    public IReadOnlyList<TwilioTemplate> TwilioTemplates => _twilioTemplates;

    internal TwilioTemplate? FindTwilioTemplate(string sid) => Array.Find(_twilioTemplates, t => t.Sid == sid);

    /// <summary>Replaces (or with <paramref name="append"/> extends) one WABA's templates; ids are filled in.</summary>
    public void SeedMetaTemplates(string wabaId, IEnumerable<MetaTemplate> templates, bool append = false)
    {
        Require(wabaId, "wabaId");
        var fresh = templates.Select(t => t.Id is null ? t with { Id = Wire.GraphId() } : t).ToArray();
        lock (_registration)
            _metaTemplates[wabaId] = append && _metaTemplates.TryGetValue(wabaId, out var old) ? [.. old, .. fresh] : fresh;
    }

    public IReadOnlyList<MetaTemplate> GetMetaTemplates(string wabaId) => _metaTemplates.GetValueOrDefault(wabaId) ?? [];

    // ---- recipient errors, callbacks config ----------------------------------------------------

    /// <summary>Rules keyed by recipient; keys compare on digits only ("whatsapp:+1415..." = "1415...").</summary>
    public IReadOnlyDictionary<string, RecipientErrorRule> RecipientErrors
    {
        get => _recipientErrors;
        set
        {
            var normalised = new Dictionary<string, RecipientErrorRule>(StringComparer.Ordinal);
            foreach (var (recipient, rule) in value)
            {
                if (!rule.IsAsync && !rule.IsSync && !rule.IsHeld)
                    throw new ArgumentException($"Rule for {recipient}: kind must be \"sync\", \"async\" or \"held\".");
                if (rule.IsHeld && rule.Status is { } held && !RecipientErrorRule.HeldStatuses.Contains(held))
                    throw new ArgumentException($"Rule for {recipient}: a held send's status is one of {string.Join(", ", RecipientErrorRule.HeldStatuses)}.");
                if (rule.HttpStatus is < 400 or > 599)
                    throw new ArgumentException($"Rule for {recipient}: httpStatus must be 4xx or 5xx.");
                normalised[Wire.Digits(recipient)] = rule;
            }
            _recipientErrors = normalised;
        }
    }

    public static readonly TimeSpan ServiceWindow = TimeSpan.FromHours(24);

    /// <summary>Each provider's code for free-form text outside the window; all three accept the call and fail the message afterwards.</summary>
    private static readonly Dictionary<string, RecipientErrorRule> WindowClosed = new(StringComparer.Ordinal)
    {
        ["twilio"] = new() { Kind = "async", Code = 63016, Status = "failed" },
        ["meta"] = new() { Kind = "async", Code = 131047 },
        ["vonage"] = new() { Kind = "async", Code = 1340, Status = "rejected" },
    };

    /// <summary>The customer wrote at <paramref name="at"/>: free-form messages to them are deliverable for 24 hours.</summary>
    public void RecordInbound(string from, DateTimeOffset at) =>
        _lastInbound.AddOrUpdate(Wire.Digits(from), at, (_, old) => at > old ? at : old);

    /// <summary>When the customer last wrote to any account; null if never.</summary>
    public DateTimeOffset? LastInbound(string? phone) => _lastInbound.TryGetValue(Wire.Digits(phone), out var at) ? at : null;

    /// <summary>
    /// The failure a free-form message gets: a test's recipient rule first, then the window rule (no message from the
    /// customer in the last 24 hours), as the real APIs apply it.
    /// </summary>
    internal RecipientErrorRule? FindFreeTextError(string provider, string? to) =>
        FindRecipientError(to) ?? (IsWindowOpen(to) ? null : WindowClosed[provider]);

    internal RecipientErrorRule? FindRecipientError(string? to, string? template = null)
    {
        var rules = _recipientErrors;
        var rule = rules.Count == 0 ? null : rules.GetValueOrDefault(Wire.Digits(to));
        return rule?.Template is { } only && only != template ? null : rule;
    }

    public CallbacksConfig CallbacksConfig
    {
        get => _callbacksConfig;
        set
        {
            if (value.DelayMs < 0) throw new ArgumentException("delayMs must not be negative.");
            _callbacksConfig = value with { Statuses = value.Statuses ?? [] };
        }
    }

    // ---- received messages ----------------------------------------------------------------------

    /// <summary>Messages received since the last clear, including those dropped from storage.</summary>
    public long MessageCount => Interlocked.Read(ref _messageCount);

    internal byte[] TrimRawBody(byte[] body, out bool truncated)
    {
        truncated = body.Length > _options.MaxRawBodyBytes;
        return truncated ? body[..Math.Max(0, _options.MaxRawBodyBytes)] : body;
    }

    internal void Record(ReceivedMessage message, int httpStatus, string outcome)
    {
        message.HttpStatus = httpStatus;
        message.Outcome = outcome;
        message.Seq = Interlocked.Increment(ref _messageSeq);
        var queue = _messages;
        queue.Enqueue(message);
        Interlocked.Increment(ref _messageCount);
        if (Interlocked.Increment(ref _storedMessages) > _options.MaxStoredMessages && queue.TryDequeue(out _))
            Interlocked.Decrement(ref _storedMessages);
    }

    /// <summary>Oldest first; <paramref name="to"/> compares on digits only.</summary>
    public IReadOnlyList<ReceivedMessage> GetMessages(string? provider = null, string? to = null)
    {
        IEnumerable<ReceivedMessage> all = _messages.ToArray();
        if (!string.IsNullOrEmpty(provider))
            all = all.Where(m => string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrEmpty(to))
        {
            var digits = Wire.Digits(to);
            all = all.Where(m => Wire.Digits(m.To) == digits);
        }
        return all as ReceivedMessage[] ?? all.ToArray();
    }

    public void ClearMessages()
    {
        _messages = new ConcurrentQueue<ReceivedMessage>();
        Interlocked.Exchange(ref _storedMessages, 0);
        Interlocked.Exchange(ref _messageCount, 0);
    }

    /// <summary>Polls until at least <paramref name="count"/> messages arrived.</summary>
    /// <exception cref="TimeoutException"/>
    public Task WaitForMessagesAsync(long count, TimeSpan? timeout = null, CancellationToken ct = default) =>
        WaitUntilAsync(() => MessageCount >= count, timeout, $"{count} messages", ct);

    // ---- webhook log ----------------------------------------------------------------------------

    public long CallbackCount => Interlocked.Read(ref _callbackCount);

    internal CallbackDelivery LogCallback(Func<long, CallbackDelivery> create)
    {
        var entry = create(Interlocked.Increment(ref _callbackSeq));
        var queue = _callbacks;
        queue.Enqueue(entry);
        Interlocked.Increment(ref _callbackCount);
        if (Interlocked.Increment(ref _storedCallbacks) > _options.MaxStoredCallbacks && queue.TryDequeue(out _))
            Interlocked.Decrement(ref _storedCallbacks);
        return entry;
    }

    public IReadOnlyList<CallbackDelivery> GetCallbacks() => _callbacks.ToArray();

    public void ClearCallbacks()
    {
        _callbacks = new ConcurrentQueue<CallbackDelivery>();
        Interlocked.Exchange(ref _storedCallbacks, 0);
        Interlocked.Exchange(ref _callbackCount, 0);
    }

    /// <summary>Polls until at least <paramref name="count"/> webhook deliveries were attempted.</summary>
    /// <exception cref="TimeoutException"/>
    public Task WaitForCallbacksAsync(long count, TimeSpan? timeout = null, CancellationToken ct = default) =>
        WaitUntilAsync(() => CallbackCount >= count, timeout, $"{count} callbacks", ct);

    // ---- reset ----------------------------------------------------------------------------------

    /// <summary>Back to a fresh start; accounts and templates survive only with <paramref name="keepAccounts"/>.</summary>
    public void Reset(bool keepAccounts = false)
    {
        ClearMessages();
        ClearCallbacks();
        Chaos.Reset();
        _recipientErrors = new();
        _callbacksConfig = new();
        _lastInbound.Clear();
        MetaPairRateSpacing = null;
        TwilioPricing = new();
        lock (_lastSend) _lastSend.Clear();
        if (keepAccounts) return;
        lock (_registration)
        {
            _twilio.Clear();
            _twilioKeys.Clear();
            _vonage.Clear();
            _vonageApps.Clear();
            _meta.Clear();
            _twilioTemplates = [];
            _metaTemplates.Clear();
            VonageJwtCache.Clear();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan? timeout, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(10, ct);
        }
    }

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} is required.");
    }
}
