using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The provider that carries one message, or why none can. Decided by <see cref="Choose"/>, a pure function of what the
/// dispatcher knows when it plans a batch, so failover can be read (and tested) in one place.
/// </summary>
/// <param name="Provider">The provider to send through; with a <paramref name="Refusal"/>, the one that could not take it.</param>
/// <param name="Binding">The template's identity at <paramref name="Provider"/>; null with a refusal.</param>
/// <param name="AttemptBudget">Attempts after which a transient failure is final. With a standby bound to the
/// template the budget covers both providers (<c>maxAttempts</c> each), so a message that failed over has a fresh
/// budget at the standby rather than the few attempts left of the first provider's.</param>
/// <param name="Refusal">Why the message cannot go (the template's sendable rule); null when it can.</param>
public sealed record ProviderChoice(WhatsAppProvider Provider, TemplateBinding? Binding, int AttemptBudget, NotSendable? Refusal)
{
    /// <summary>
    /// Chooses between the provider a message is meant for and the standby. The message fails over to the standby
    /// while the intended provider's circuit is open or once the message has used up its retry budget there
    /// (<paramref name="attempts"/> ≥ <paramref name="maxAttempts"/>), but only if the template is bound to both: a
    /// template the intended provider cannot send is refused, not sent through the standby instead.
    /// </summary>
    /// <param name="template">The message's template, which must still pass the sendable rule.</param>
    /// <param name="intended">The active provider, or the one a test send names.</param>
    /// <param name="standby">The failover target; null when there is none or the message may not fail over (test sends).</param>
    /// <param name="intendedCircuitOpen">The intended provider's driver refuses sends after a run of failures.</param>
    /// <param name="attempts">Attempts the message has used so far.</param>
    /// <param name="maxAttempts">One provider's retry budget (Dispatch:MaxAttempts).</param>
    public static ProviderChoice Choose(WhatsAppTemplate template, WhatsAppProvider intended, WhatsAppProvider? standby,
        bool intendedCircuitOpen, int attempts, int maxAttempts)
    {
        if (template.WhyNotSendableThrough(intended) is { } refusal) return new(intended, null, maxAttempts, refusal);
        var binding = template.BindingFor(intended.Id)!;
        if (standby is null || template.BindingFor(standby.Id) is not { } standbyBinding) return new(intended, binding, maxAttempts, null);
        var bothBudgets = 2 * maxAttempts;
        return intendedCircuitOpen || attempts >= maxAttempts
            ? new(standby, standbyBinding, bothBudgets, null)
            : new(intended, binding, bothBudgets, null);
    }
}
