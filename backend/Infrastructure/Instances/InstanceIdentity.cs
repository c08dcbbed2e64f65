namespace WhatsApp.Api.Infrastructure.Instances;

/// <summary>This process's identity among the instances on the database: new at every start.</summary>
public sealed class InstanceIdentity
{
    public Guid Id { get; } = Guid.NewGuid();
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
