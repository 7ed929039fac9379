using System.Reflection;
using System.Text;
using Google.Protobuf.Reflection;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Binds the rpcs of a <see cref="ServiceDescriptor"/> to the methods of a handler class by name and checks every
/// signature at start-up, so a missing or mistyped method fails the host with a message saying what to write.
/// </summary>
internal static class ServiceBinder
{
    public static IReadOnlyList<ServerCallHandler> Bind<THandler>(
        ServiceDescriptor service,
        HandlerActivator<THandler> activator,
        Func<MethodDescriptor, ServerMethod> createMethod)
        where THandler : class
    {
        var problems = new List<string>();
        var handlers = new List<ServerCallHandler>();
        foreach (var rpc in service.Methods)
        {
            var requestType = rpc.InputType.ClrType;
            var responseType = rpc.OutputType.ClrType;
            if (requestType is null || responseType is null)
            {
                problems.Add($"rpc {rpc.Name}: {rpc.InputType.FullName} or {rpc.OutputType.FullName} has no generated class (bind descriptors from generated code).");
                continue;
            }

            var shape = CallShape.Of(rpc, requestType, responseType);
            var candidates = typeof(THandler).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == rpc.Name || m.Name == rpc.Name + "Async")
                .ToList();
            var match = candidates.FirstOrDefault(shape.Matches);
            if (match is null)
            {
                var found = candidates.Count == 0
                    ? $"no public method named {rpc.Name}"
                    : "found " + string.Join("; ", candidates.Select(Describe));
                problems.Add($"rpc {rpc.Name} ({shape.Kind}): {found}. Expected: {shape.Expected(rpc.Name)}");
                continue;
            }

            var factory = typeof(ServiceBinder).GetMethod(shape.FactoryName, BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(typeof(THandler), requestType, responseType);
            handlers.Add((ServerCallHandler)factory.Invoke(null, [createMethod(rpc), activator, match])!);
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder()
                .Append("Handler ").Append(typeof(THandler).FullName).Append(" cannot serve ").Append(service.FullName).AppendLine(":");
            foreach (var problem in problems)
            {
                message.Append("  - ").AppendLine(problem);
            }

            throw new InvalidOperationException(message.ToString().TrimEnd());
        }

        return handlers;
    }

    private static string Describe(MethodInfo method) =>
        $"{TypeName(method.ReturnType)} {method.Name}({string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    internal static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;

    // Called by reflection through CallShape.FactoryName; the base return type is what the caller needs.
#pragma warning disable CA1859
    private static ServerCallHandler CreateUnary<THandler, TRequest, TResponse>(ServerMethod method, HandlerActivator<THandler> activator, MethodInfo target)
        where THandler : class
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        new UnaryCallHandler<THandler, TRequest, TResponse>(method, activator,
            target.CreateDelegate<Func<THandler, TRequest, ServerCallContext, Task<TResponse>>>());

    private static ServerCallHandler CreateServerStreaming<THandler, TRequest, TResponse>(ServerMethod method, HandlerActivator<THandler> activator, MethodInfo target)
        where THandler : class
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        new ServerStreamingCallHandler<THandler, TRequest, TResponse>(method, activator,
            target.CreateDelegate<Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>());

    private static ServerCallHandler CreateClientStreaming<THandler, TRequest, TResponse>(ServerMethod method, HandlerActivator<THandler> activator, MethodInfo target)
        where THandler : class
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        new ClientStreamingCallHandler<THandler, TRequest, TResponse>(method, activator,
            target.CreateDelegate<Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>());

    private static ServerCallHandler CreateDuplexStreaming<THandler, TRequest, TResponse>(ServerMethod method, HandlerActivator<THandler> activator, MethodInfo target)
        where THandler : class
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        new DuplexStreamingCallHandler<THandler, TRequest, TResponse>(method, activator,
            target.CreateDelegate<Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>());

#pragma warning restore CA1859

    /// <summary>The signature an rpc needs, by its streaming kind.</summary>
    private sealed record CallShape(string Kind, Type ReturnType, Type[] Parameters, string FactoryName)
    {
        public static CallShape Of(MethodDescriptor rpc, Type request, Type response)
        {
            var reader = typeof(IAsyncStreamReader<>).MakeGenericType(request);
            var writer = typeof(IServerStreamWriter<>).MakeGenericType(response);
            var taskOfResponse = typeof(Task<>).MakeGenericType(response);
            var context = typeof(ServerCallContext);
            return (rpc.IsClientStreaming, rpc.IsServerStreaming) switch
            {
                (false, false) => new CallShape("unary", taskOfResponse, [request, context], nameof(CreateUnary)),
                (false, true) => new CallShape("server streaming", typeof(Task), [request, writer, context], nameof(CreateServerStreaming)),
                (true, false) => new CallShape("client streaming", taskOfResponse, [reader, context], nameof(CreateClientStreaming)),
                (true, true) => new CallShape("bidirectional streaming", typeof(Task), [reader, writer, context], nameof(CreateDuplexStreaming)),
            };
        }

        public bool Matches(MethodInfo method) =>
            method.ReturnType == ReturnType && method.GetParameters().Select(p => p.ParameterType).SequenceEqual(Parameters);

        public string Expected(string name)
        {
            var names = Parameters.Length switch
            {
                2 => Parameters[0].IsGenericType ? new[] { "requestStream", "context" } : ["request", "context"],
                _ => Parameters[0].IsGenericType ? ["requestStream", "responseStream", "context"] : ["request", "responseStream", "context"],
            };
            var parameters = Parameters.Select((p, i) => $"{TypeName(p)} {names[i]}");
            return $"public {TypeName(ReturnType)} {name}({string.Join(", ", parameters)})";
        }
    }
}
