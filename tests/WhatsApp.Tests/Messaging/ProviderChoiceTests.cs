using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Tests.Messaging;

/// <summary>Failover's decision on its own: which provider carries a message, given the template and the providers' state.</summary>
public sealed class ProviderChoiceTests
{
    private const int MaxAttempts = 5;
    private static readonly WhatsAppProvider Active = Provider(1, "Primary");
    private static readonly WhatsAppProvider Standby = Provider(2, "Backup");

    private static WhatsAppProvider Provider(int id, string name) =>
        new() { Id = id, Name = name, ProviderType = "twilio", EncryptedCredentials = "", IsActive = id == 1, IsStandby = id == 2 };

    private static WhatsAppTemplate Template(TemplateStatus status = TemplateStatus.APPROVED, params int[] boundTo) => new()
    {
        Id = 7, Name = "bill_due", Language = "en_US", Body = "Hi {{1}}", Status = status,
        Bindings = boundTo.Select(id => new TemplateBinding { TemplateId = 7, ProviderId = id, ExternalId = $"HX{id}" }).ToList(),
    };

    private static ProviderChoice Choose(WhatsAppTemplate template, WhatsAppProvider? standby = null, bool circuitOpen = false, int attempts = 0) =>
        ProviderChoice.Choose(template, Active, standby, circuitOpen, attempts, MaxAttempts);

    [Fact]
    public void Without_a_standby_the_active_provider_carries_it_and_nothing_can_take_over()
    {
        var choice = Choose(Template(boundTo: [1]), circuitOpen: true, attempts: MaxAttempts);
        Assert.Same(Active, choice.Provider);
        Assert.Equal("HX1", choice.Binding!.ExternalId);
        Assert.Equal(MaxAttempts, choice.AttemptBudget);
        Assert.Null(choice.Refusal);
    }

    [Fact]
    public void A_healthy_active_provider_with_budget_left_carries_it_and_the_standby_may_take_over_later()
    {
        var choice = Choose(Template(boundTo: [1, 2]), Standby, attempts: MaxAttempts - 1);
        Assert.Same(Active, choice.Provider);
        Assert.Equal("HX1", choice.Binding!.ExternalId);
        // Its budget runs past this provider's, so the last failure here is retried at the standby.
        Assert.True(choice.AttemptBudget > MaxAttempts);
    }

    [Fact]
    public void While_the_active_circuit_is_open_the_standby_carries_it()
    {
        var choice = Choose(Template(boundTo: [1, 2]), Standby, circuitOpen: true);
        Assert.Same(Standby, choice.Provider);
        Assert.Equal("HX2", choice.Binding!.ExternalId);
        Assert.True(choice.AttemptBudget >= MaxAttempts, "the standby has a whole budget of its own");
    }

    [Fact]
    public void Once_the_active_providers_retry_budget_is_used_up_the_standby_carries_it()
    {
        var choice = Choose(Template(boundTo: [1, 2]), Standby, attempts: MaxAttempts);
        Assert.Same(Standby, choice.Provider);
        Assert.Equal("HX2", choice.Binding!.ExternalId);
    }

    [Fact]
    public void A_message_that_failed_over_has_a_fresh_retry_budget_at_the_standby()
    {
        // Every attempt at the standby but the last leaves budget for another: one transient failure there is not final.
        for (var atStandby = 0; atStandby < MaxAttempts; atStandby++)
        {
            var attempts = MaxAttempts + atStandby;
            var choice = Choose(Template(boundTo: [1, 2]), Standby, attempts: attempts);
            Assert.Same(Standby, choice.Provider);
            var attemptsAfterThisOne = attempts + 1;
            Assert.Equal(atStandby < MaxAttempts - 1, attemptsAfterThisOne < choice.AttemptBudget);
        }
    }

    [Fact]
    public void A_template_the_standby_does_not_have_stays_with_the_active_provider_even_when_it_is_down()
    {
        var choice = Choose(Template(boundTo: [1]), Standby, circuitOpen: true, attempts: MaxAttempts);
        Assert.Same(Active, choice.Provider);
        Assert.Equal(MaxAttempts, choice.AttemptBudget);
        Assert.Null(choice.Refusal);
    }

    [Fact]
    public void A_template_not_bound_to_the_active_provider_is_refused_even_if_the_standby_has_it()
    {
        var choice = Choose(Template(boundTo: [2]), Standby, circuitOpen: true);
        Assert.Same(Active, choice.Provider);
        Assert.Null(choice.Binding);
        Assert.Equal("template_not_bound", choice.Refusal!.Code);
        Assert.Contains("Primary", choice.Refusal.Message);
    }

    [Fact]
    public void A_template_that_is_not_approved_is_refused_wherever_it_is_bound()
    {
        var choice = Choose(Template(TemplateStatus.PAUSED, boundTo: [1, 2]), Standby, circuitOpen: true);
        Assert.Equal("template_unavailable", choice.Refusal!.Code);
        Assert.Contains("PAUSED", choice.Refusal.Message);
        Assert.Null(choice.Binding);
    }
}
