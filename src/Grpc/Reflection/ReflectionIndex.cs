using Google.Protobuf.Reflection;
using Maimai.Grpc.Transport.Internal;

namespace Maimai.Grpc.Reflection;

/// <summary>
/// What server reflection can describe: the mapped services, every file they come from and those files' transitive
/// imports, and a symbol table (services, methods, messages, enums) pointing at the defining file.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

    public ReflectionIndex(GrpcServiceRegistry registry)
    {
        var services = registry.Services;
        ServiceNames = [.. services.Select(s => s.FullName).Order(StringComparer.Ordinal)];
        foreach (var service in services)
        {
            AddFile(service.File);
        }
    }

    public IReadOnlyList<string> ServiceNames { get; }

    public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

    public FileDescriptor? FindSymbol(string symbol) => _symbols.GetValueOrDefault(symbol.TrimStart('.'));

    public bool IsMessage(string name) => _messages.Contains(name.TrimStart('.'));

    /// <summary>
    /// The file and its transitive imports, serialized; imports already sent on this stream are skipped (the client
    /// has them), the requested file never is.
    /// </summary>
    public static List<Google.Protobuf.ByteString> WithDependencies(FileDescriptor file, HashSet<string> sent)
    {
        var result = new List<Google.Protobuf.ByteString>();
        var queue = new Queue<FileDescriptor>();
        queue.Enqueue(file);
        while (queue.TryDequeue(out var current))
        {
            if (result.Count > 0 && !sent.Add(current.Name))
            {
                continue;
            }

            sent.Add(current.Name);
            result.Add(current.SerializedData);
            foreach (var dependency in current.Dependencies)
            {
                if (!sent.Contains(dependency.Name))
                {
                    queue.Enqueue(dependency);
                }
            }
        }

        return result;
    }

    private void AddFile(FileDescriptor file)
    {
        if (!_files.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var service in file.Services)
        {
            _symbols[service.FullName] = file;
            foreach (var method in service.Methods)
            {
                _symbols[service.FullName + "." + method.Name] = file;
            }
        }

        foreach (var message in file.MessageTypes)
        {
            AddMessage(file, message);
        }

        foreach (var enumType in file.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }

        foreach (var dependency in file.Dependencies)
        {
            AddFile(dependency);
        }
    }

    private void AddMessage(FileDescriptor file, MessageDescriptor message)
    {
        _symbols[message.FullName] = file;
        _messages.Add(message.FullName);
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            _symbols[message.FullName + "." + field.Name] = file;
        }

        foreach (var nested in message.NestedTypes)
        {
            AddMessage(file, nested);
        }

        foreach (var enumType in message.EnumTypes)
        {
            _symbols[enumType.FullName] = file;
        }
    }
}
