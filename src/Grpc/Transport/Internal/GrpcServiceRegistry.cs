using Google.Protobuf.Reflection;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The services mapped on this server: for UNIMPLEMENTED messages and for server reflection.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, ServiceDescriptor> _services = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool UnimplementedMapped { get; set; }

    public void Add(ServiceDescriptor service)
    {
        lock (_lock)
        {
            if (!_services.TryAdd(service.FullName, service))
            {
                throw new InvalidOperationException($"Service {service.FullName} is mapped twice.");
            }
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_lock)
        {
            return _services.ContainsKey(serviceName);
        }
    }

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_lock)
            {
                return [.. _services.Values];
            }
        }
    }
}
