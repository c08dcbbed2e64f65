using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Demo;

/// <summary>Configuration section "Demo": only <c>npm run demo</c> turns it on, with its own database.</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; }
    /// <summary>The project's fake provider, which the demo's Twilio configuration points at.</summary>
    public string FakeProviderUrl { get; set; } = "http://127.0.0.1:5090";
}

/// <summary>
/// Fills an empty demo database so every page has something to show: a Twilio configuration pointing at the fake
/// provider (registered there too), approved templates, customers with their consent, groups, an automation, and three
/// weeks of message history, and the inbox's conversations. Runs only when Demo:Enabled is set and no provider exists yet.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, ProviderCredentials credentials, IHttpClientFactory http, PublicUrls urls, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "demo-auth-token-0000";
    public const string From = "+14155550100";

    private static readonly (string Name, string Body, TemplateCategory Category, string Sid)[] Templates =
    [
        ("bill_due", "Hi {{1}}, your bill of {{2}} is due on {{3}}. Pay in the portal to keep your service running.", TemplateCategory.UTILITY, "HX00000000000000000000000000000001"),
        ("payment_received", "Thank you {{1}}, we received your payment of {{2}}.", TemplateCategory.UTILITY, "HX00000000000000000000000000000002"),
        ("planned_maintenance", "Hello {{1}}, maintenance in your area on {{2}} may interrupt service for up to an hour.", TemplateCategory.UTILITY, "HX00000000000000000000000000000003"),
        ("new_plan_offer", "Hi {{1}}, {{2}} is now available at your address. Reply STOP to opt out.", TemplateCategory.MARKETING, "HX00000000000000000000000000000004"),
    ];

    /// <summary>
    /// The rich bill notice, in English and Portuguese: the bill's PDF as a document header (each message gives the
    /// link), a pay link whose suffix is the bill number, and quick replies that ask for an agent or stop promotions.
    /// At Twilio it is a whatsapp/card whose media URL is this app's <c>/media/{{3}}</c>: a Content's media may vary only
    /// after a fixed start, so each message's signed PDF link goes as the part after <c>/media/</c>.
    /// </summary>
    private static readonly (string Language, string Body, string Footer, string[] Buttons, string Sid)[] BillNotice =
    [
        ("en", "Hi {{1}}, your new bill is attached. Pay it by the due date to keep your service running.", "Acme Fibre",
            ["Pay now", "Talk to an agent", "Stop promotions"], "HX00000000000000000000000000000005"),
        ("pt_BR", "Olá {{1}}, sua nova fatura está em anexo. Pague até o vencimento para manter seu serviço.", "Acme Fibra",
            ["Pagar agora", "Falar com um atendente", "Parar promoções"], "HX00000000000000000000000000000006"),
    ];

    private const string BillNoticeName = "bill_notice";

    private const string PayUrl = "https://pay.example.com/bills/{{2}}";

    private string BillPdfUrl => urls.For("/media/{{3}}");

    private WhatsAppTemplate RichBillNotice((string Language, string Body, string Footer, string[] Buttons, string Sid) t, int providerId, DateTime now) => new()
    {
        Name = BillNoticeName, Language = t.Language, Category = TemplateCategory.UTILITY, Body = t.Body, ParameterFormat = ParameterFormat.Positional,
        Status = TemplateStatus.APPROVED, Footer = t.Footer,
        Header = new TemplateHeader(HeaderFormat.Document, MediaUrl: BillPdfUrl, FileName: t.Language == "en" ? "bill.pdf" : "fatura.pdf"),
        Buttons =
        [
            new TemplateButton(ButtonType.Url, t.Buttons[0], Url: PayUrl),
            new TemplateButton(ButtonType.QuickReply, t.Buttons[1], Action: QuickReplyAction.AskForAgent),
            new TemplateButton(ButtonType.QuickReply, t.Buttons[2], Action: QuickReplyAction.StopMarketing),
        ],
        Variables =
        [
            new TemplateVariable("1", "Customer name", "Ana"),
            new TemplateVariable(TemplateParts.HeaderMedia, "Bill PDF link", "https://isp.example/media/bill.pdf"),
            new TemplateVariable(TemplateParts.Button(0), "Bill number", "B-1001"),
        ],
        CreatedAt = now, UpdatedAt = now, LastSyncedAt = now,
        Bindings = [new TemplateBinding { ProviderId = providerId, ExternalId = t.Sid }],
    };

    private static readonly string[] FirstNames = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Farid", "Grace", "Hugo", "Iris", "João", "Kemi", "Liam", "Maya", "Nikos", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara"];
    private static readonly string[] LastNames = ["Souza", "Lima", "Okafor", "Novak", "Haddad", "Chen", "Moreau", "Silva", "Kowalski", "Reyes"];
    private static readonly string[] Plans = ["Fibre 100", "Fibre 500", "Fibre 1G", "Business 1G"];

    public async Task SeedAsync(DemoOptions options, CancellationToken ct)
    {
        if (await db.WhatsAppProviders.AnyAsync(ct)) return;
        await RegisterAtFakeAsync(options, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(42);
        // Before the transaction: the first encryption creates the key ring, which is written on a connection of its own.
        var secret = credentials.Protect(new Dictionary<string, string> { ["accountSid"] = AccountSid, ["authToken"] = AuthToken, ["from"] = From });
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var provider = new WhatsAppProvider
        {
            Name = "Demo Twilio (fake provider)", ProviderType = "twilio", IsActive = true, BaseUrl = options.FakeProviderUrl, MessagesPerSecond = 20,
            EncryptedCredentials = secret,
            CreatedAt = now, UpdatedAt = now,
        };
        provider.Rename(provider.Name);
        db.Add(provider);
        await db.SaveChangesAsync(ct);

        var templates = Templates.Select(t =>
        {
            var (format, keys, _) = TemplateText.Analyze(t.Body);
            return new WhatsAppTemplate
            {
                Name = t.Name, Language = "en", Category = t.Category, Body = t.Body, ParameterFormat = format, Status = TemplateStatus.APPROVED,
                Variables = keys.Select(k => new TemplateVariable(k, null, null)).ToList(), CreatedAt = now, UpdatedAt = now, LastSyncedAt = now,
                Bindings = [new TemplateBinding { ProviderId = provider.Id, ExternalId = t.Sid }],
            };
        }).ToList();
        db.AddRange(templates);
        var billNotices = BillNotice.Select(t => RichBillNotice(t, provider.Id, now)).ToList();
        db.AddRange(billNotices);

        var customers = Enumerable.Range(0, 120).Select(i => new Customer
        {
            Name = $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]}",
            Phone = $"+1212555{i + 100:0000}",
            Email = $"customer{i + 1}@example.com",
            AccountNumber = $"AC-{1001 + i}",
            Plan = Plans[random.Next(Plans.Length)],
            Language = i % 6 == 5 ? "pt_BR" : "en_US",
            WhatsAppOptIn = i % 8 != 0,
            MarketingOptIn = i % 8 != 0 && i % 3 == 0,
            CreatedAt = now.AddDays(-60 + i / 3), UpdatedAt = now.AddDays(-60 + i / 3),
        }).ToList();
        db.AddRange(customers);
        await db.SaveChangesAsync(ct);

        foreach (var c in customers)
        {
            db.Add(new ConsentRecord { CustomerId = c.Id, OptedIn = true, At = c.CreatedAt, Source = ConsentSource.Profile, Actor = "customer", Text = ConsentService.OptInWording });
            if (c.MarketingOptIn)
                db.Add(new ConsentRecord { CustomerId = c.Id, OptedIn = true, Purpose = ConsentPurpose.Marketing, At = c.CreatedAt, Source = ConsentSource.Profile, Actor = "customer", Text = ConsentService.MarketingOptInWording });
            if (!c.WhatsAppOptIn)
                db.Add(new ConsentRecord { CustomerId = c.Id, OptedIn = false, At = c.CreatedAt.AddDays(10), Source = c.Id % 2 == 0 ? ConsentSource.StopReply : ConsentSource.UnsubscribeLink, Actor = "customer", Text = "STOP" });
        }

        var groups = new[] { ("Downtown", "Customers in the downtown service area"), ("Fibre 1G", "Everyone on a 1G plan"), ("Business", "Business accounts") }
            .Select(g => new CustomerGroup { Name = g.Item1, NormalizedName = g.Item1.ToUpperInvariant(), Description = g.Item2, CreatedAt = now, UpdatedAt = now }).ToList();
        db.AddRange(groups);
        await db.SaveChangesAsync(ct);
        foreach (var c in customers)
        {
            if (c.Id % 3 == 0) db.Add(new GroupMember { GroupId = groups[0].Id, CustomerId = c.Id, AddedAt = now });
            if (c.Plan == "Fibre 1G") db.Add(new GroupMember { GroupId = groups[1].Id, CustomerId = c.Id, AddedAt = now });
            if (c.Plan == "Business 1G") db.Add(new GroupMember { GroupId = groups[2].Id, CustomerId = c.Id, AddedAt = now });
        }

        db.Add(new AutomationSetting
        {
            EventType = EventTypes.PaymentReceived, Enabled = true, TemplateId = templates[1].Id,
            VariablesJson = "{\"1\":\"{{customer.firstName}}\",\"2\":\"{{payment.amount}}\"}", UpdatedAt = now, UpdatedBy = "demo",
        });

        // A new bill sends the rich notice; Portuguese-speaking customers get its pt_BR variant.
        db.Add(new AutomationSetting
        {
            EventType = EventTypes.BillCreated, Enabled = true, TemplateId = billNotices[0].Id,
            VariablesJson = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["1"] = "{{customer.firstName}}", [TemplateParts.HeaderMedia] = "{{bill.pdfUrl}}", [TemplateParts.Button(0)] = "{{bill.number}}",
            }),
            UpdatedAt = now, UpdatedBy = "demo",
        });

        AddHistory(provider, templates, customers.Where(c => c.WhatsAppOptIn).ToList(), now, random);
        DemoConversations.Seed(db, provider, customers, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data written: {Customers} customers, {Templates} templates, three weeks of messages.", customers.Count, templates.Count);
    }

    /// <summary>Three weeks of messages with the spread of outcomes a real account sees.</summary>
    private void AddHistory(WhatsAppProvider provider, List<WhatsAppTemplate> templates, List<Customer> customers, DateTime now, Random random)
    {
        var broadcast = new Broadcast
        {
            Name = "Maintenance notice", TemplateId = templates[2].Id, TemplateName = templates[2].Name, TemplateLanguage = "en",
            AudienceJson = "{\"all\":true}", VariablesJson = "{\"1\":\"{{customer.firstName}}\",\"2\":\"Saturday 2am\"}",
            Status = BroadcastStatus.Completed, CreatedBy = "demo", CreatedAt = now.AddDays(-7), UpdatedAt = now.AddDays(-7),
            PreparedAt = now.AddDays(-7), CompletedAt = now.AddDays(-7).AddMinutes(2), ExpectedRecipients = customers.Count, Recipients = customers.Count,
        };
        db.Add(broadcast);
        db.SaveChanges();

        (MessageStatus Status, string? Code)[] outcomes =
        [
            (MessageStatus.Read, null), (MessageStatus.Read, null), (MessageStatus.Read, null), (MessageStatus.Delivered, null),
            (MessageStatus.Delivered, null), (MessageStatus.Sent, null), (MessageStatus.Failed, "63016"), (MessageStatus.Undelivered, "63024"),
            (MessageStatus.Read, null), (MessageStatus.Failed, "63003"),
        ];
        for (var day = 21; day >= 1; day--)
        {
            var perDay = 15 + random.Next(25);
            for (var n = 0; n < perDay; n++)
            {
                var customer = customers[random.Next(customers.Count)];
                var at = now.Date.AddDays(-day).AddHours(8 + random.Next(12)).AddMinutes(random.Next(60));
                var automated = random.Next(3) == 0;
                var template = automated ? templates[random.Next(2)] : templates[random.Next(templates.Count)];
                AddMessage(provider, template, customer, at, outcomes[random.Next(outcomes.Length)], automated ? MessageSource.Automation : MessageSource.Manual,
                    null, automated ? (template == templates[0] ? EventTypes.BillReminder : EventTypes.PaymentReceived) : null);
            }
        }
        foreach (var customer in customers)
            AddMessage(provider, templates[2], customer, broadcast.CreatedAt.AddSeconds(customer.Id % 90), outcomes[customer.Id % outcomes.Length],
                MessageSource.Broadcast, broadcast.Id, null);
    }

    private void AddMessage(WhatsAppProvider provider, WhatsAppTemplate template, Customer customer, DateTime at, (MessageStatus Status, string? Code) outcome,
        MessageSource source, int? broadcastId, string? eventType)
    {
        var parameters = template.Variables.ToDictionary(v => v.Key, v => v.Key == "1" ? customer.Name.Split(' ')[0] : v.Key == "2" ? "$49.90" : "December 1");
        var m = WhatsAppMessage.Queued(customer.Phone, customer.Id, template, parameters, provider, source, at);
        var failed = outcome.Status is MessageStatus.Failed or MessageStatus.Undelivered;
        m.Status = outcome.Status;
        m.BroadcastId = broadcastId;
        m.EventType = eventType;
        m.ProviderMessageId = $"SM{Guid.NewGuid():N}";
        m.Attempts = 1;
        m.NextAttemptAt = null;
        m.AcceptedAt = at.AddSeconds(1);
        m.SentAt = outcome.Status >= MessageStatus.Sent && !failed ? at.AddSeconds(2) : null;
        m.DeliveredAt = outcome.Status >= MessageStatus.Delivered && !failed ? at.AddSeconds(5) : null;
        m.ReadAt = outcome.Status == MessageStatus.Read ? at.AddMinutes(3) : null;
        m.FailedAt = failed ? at.AddSeconds(4) : null;
        m.ErrorCode = outcome.Code;
        m.ErrorMessage = outcome.Code is { } code ? ProviderErrors.Describe("twilio", code)?.Meaning : null;
        db.Add(m);
        db.Add(new MessageStatusEvent { Message = m, Status = MessageStatus.Queued, At = at });
        db.Add(new MessageStatusEvent { Message = m, Status = MessageStatus.Accepted, At = m.AcceptedAt.Value });
        if (m.Status != MessageStatus.Accepted)
            db.Add(new MessageStatusEvent { Message = m, Status = m.Status, At = m.ReadAt ?? m.DeliveredAt ?? m.FailedAt ?? m.SentAt ?? at, ErrorCode = m.ErrorCode });
    }

    /// <summary>The fake provider starts empty: give it the demo account and the templates, so sends and Sync work.</summary>
    private async Task RegisterAtFakeAsync(DemoOptions options, CancellationToken ct)
    {
        var client = http.CreateClient();
        client.BaseAddress = new Uri(options.FakeProviderUrl);
        (await client.PostAsJsonAsync("/_fake/accounts/twilio", new { accountSid = AccountSid, authToken = AuthToken, friendlyName = "Demo ISP" }, ct)).EnsureSuccessStatusCode();
        var seeded = Templates.Select(t => new
        {
            sid = t.Sid, accountSid = AccountSid, friendlyName = t.Name, language = "en", body = t.Body, category = t.Category.ToString(), status = "approved",
            variables = TemplateText.Placeholders(t.Body).ToDictionary(k => k, k => k == "1" ? "Ana" : "sample"),
            types = (Dictionary<string, object>?)null,
        }).Concat(BillNotice.Select(t => new
        {
            sid = t.Sid, accountSid = AccountSid, friendlyName = BillNoticeName, language = t.Language, body = t.Body, category = "UTILITY", status = "approved",
            variables = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "B-1001", ["3"] = "sample-bill" },
            types = (Dictionary<string, object>?)new Dictionary<string, object>
            {
                ["whatsapp/card"] = new
                {
                    body = t.Body, footer = t.Footer, media = new[] { BillPdfUrl },
                    actions = new object[]
                    {
                        new { type = "URL", title = t.Buttons[0], url = PayUrl },
                        new { type = "QUICK_REPLY", title = t.Buttons[1], id = "agent" },
                        new { type = "QUICK_REPLY", title = t.Buttons[2], id = "stop_promotions" },
                    },
                },
            },
        }));
        (await client.PostAsJsonAsync("/_fake/templates/twilio", seeded, ct)).EnsureSuccessStatusCode();
    }
}
