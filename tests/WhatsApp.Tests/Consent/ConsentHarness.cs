using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Consent;

/// <summary>
/// Meta (the fake, signing as Meta signs) active, with a UTILITY template "bill_due" and a MARKETING template "plan_offer",
/// both "Hi {{1}}, … {{2}}", bound by name.
/// </summary>
public class ConsentHarness : SendingHarness
{
    public const string Bill = "bill_due";
    public const string Offer = "plan_offer";

    public int ProviderId { get; private set; }
    public int BillId { get; private set; }
    public int OfferId { get; private set; }
    public HttpClient FakeClient { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FakeClient = new HttpClient { BaseAddress = new Uri(FakeUrl) };
        ProviderId = await AddMetaProviderAsync();
        BillId = (await AddTemplateAsync(Admin, ProviderId, Bill, "Hi {{1}}, your bill of {{2}} is due.", externalId: Bill)).GetProperty("id").GetInt32();
        OfferId = (await AddTemplateAsync(Admin, ProviderId, Offer, "Hi {{1}}, fibre 1G is {{2}} this month.", externalId: Offer,
            category: nameof(TemplateCategory.MARKETING))).GetProperty("id").GetInt32();
    }

    public override async Task DisposeAsync()
    {
        FakeClient.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A customer with the given consents, as staff record them on the profile.</summary>
    public async Task<CustomerDetailDto> CustomerAsync(bool service = true, bool marketing = true, string name = "Ana Souza") =>
        await (await Admin.PostAsJsonAsync("/api/customers", new { name, phone = TestPhones.Next(), whatsAppOptIn = service, marketingOptIn = marketing }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);

    public async Task<CustomerDetailDto> DetailAsync(int customerId) =>
        await (await Admin.GetAsync($"/api/customers/{customerId}")).ReadAsAsync<CustomerDetailDto>();

    public Task<HttpResponseMessage> SendAsync(string phone, string template) =>
        Admin.PostAsJsonAsync("/api/whatsapp/messages", new { to = phone, templateName = template, parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" } });

    public async Task<MessageDto> SentAsync(string phone, string template) => await (await SendAsync(phone, template)).ReadAsAsync<MessageDto>(HttpStatusCode.Created);

    /// <summary>The fake posts a customer's reply as Meta does (signed); asserts the app took it.</summary>
    public async Task ReplyAsync(string from, string text, string? kind = null, string? payload = null)
    {
        var answer = await (await FakeClient.PostAsJsonAsync("/_fake/inbound", new InboundRequest("meta", MetaPhoneId, from, text,
            Url: $"http://localhost/api/webhooks/whatsapp/{ProviderId}/inbound", Kind: kind, Payload: payload))).ReadJsonAsync();
        Assert.True(answer.GetProperty("statusCode").GetInt32() == 200, $"The app refused the inbound webhook: {answer}");
    }

    /// <summary>Polls the customer until the condition holds (webhooks land asynchronously).</summary>
    public async Task<CustomerDetailDto> WaitForCustomerAsync(int customerId, Func<CustomerDto, bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        CustomerDetailDto detail;
        do
        {
            detail = await DetailAsync(customerId);
            if (condition(detail.Customer)) return detail;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Customer {customerId} never met the condition; last seen: {detail.Customer}");
    }
}
