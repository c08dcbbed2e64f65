namespace WhatsApp.Api.Infrastructure.Instances;

/// <summary>
/// A feature's claims that name their instance (<see cref="InstanceIdentity.Id"/>). Contract: <see cref="ReleaseAsync"/>
/// frees every claim the given instances hold (only theirs, whatever the claims' leases say), starts whatever takes the
/// work up again, and is safe to run twice or on several instances at once.
/// </summary>
public interface IDeadInstanceClaims
{
    /// <returns>How many claims were freed.</returns>
    Task<int> ReleaseAsync(IReadOnlyCollection<Guid> deadInstances, CancellationToken ct);
}
