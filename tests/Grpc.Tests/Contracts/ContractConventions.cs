using System.Reflection;
using System.Text;
using Google.Protobuf.Reflection;

namespace Maimai.Grpc.Tests.Contracts;

/// <summary>
/// Checks the maimai.v1 conventions that clients rely on, on compiled descriptors: enums start at a
/// PREFIX_UNSPECIFIED zero and prefix every value, and every List* call pages the same way.
/// </summary>
internal static class ContractConventions
{
    public const string Package = "maimai.v1";

    /// <summary>Every maimai.v1 file compiled into the Maimai.Grpc assembly, found by reflection so a new file is checked too.</summary>
    public static IReadOnlyList<FileDescriptor> CompiledFiles() =>
        typeof(Maimai.Grpc.Contracts.V1.CommonReflection).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(property => property?.PropertyType == typeof(FileDescriptor))
            .Select(property => (FileDescriptor)property!.GetValue(null)!)
            .Where(file => file.Package == Package)
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Returns one line per broken convention; empty when the files follow them all.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<FileDescriptor> files)
    {
        var violations = new List<string>();
        foreach (var file in files)
        {
            var enums = file.EnumTypes.Concat(file.MessageTypes.SelectMany(NestedEnums));
            foreach (var enumType in enums)
            {
                CheckEnum(enumType, violations);
            }

            foreach (var method in file.Services.SelectMany(service => service.Methods))
            {
                CheckMethod(method, violations);
            }
        }

        return violations;
    }

    private static IEnumerable<EnumDescriptor> NestedEnums(MessageDescriptor message) =>
        message.EnumTypes.Concat(message.NestedTypes.SelectMany(NestedEnums));

    private static void CheckEnum(EnumDescriptor enumType, List<string> violations)
    {
        var prefix = UpperSnake(enumType.Name) + "_";
        var zero = enumType.Values.FirstOrDefault(value => value.Number == 0);
        if (zero is null || zero.Name != prefix + "UNSPECIFIED")
        {
            violations.Add($"{enumType.FullName}: zero value must be {prefix}UNSPECIFIED, is {zero?.Name ?? "missing"}");
        }

        foreach (var value in enumType.Values.Where(value => !value.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            violations.Add($"{enumType.FullName}.{value.Name}: value must start with {prefix}");
        }
    }

    private static void CheckMethod(MethodDescriptor method, List<string> violations)
    {
        var where = $"{method.Service.FullName}.{method.Name}";
        if (method.InputType.Name != method.Name + "Request" || method.OutputType.Name != method.Name + "Response")
        {
            violations.Add($"{where}: must take {method.Name}Request and return {method.Name}Response");
        }

        if (!method.Name.StartsWith("List", StringComparison.Ordinal))
        {
            return;
        }

        RequireField(method.InputType, "page_size", FieldType.Int32, where, violations);
        RequireField(method.InputType, "page_token", FieldType.String, where, violations);
        RequireField(method.OutputType, "next_page_token", FieldType.String, where, violations);
    }

    private static void RequireField(MessageDescriptor message, string name, FieldType type, string where, List<string> violations)
    {
        var field = message.FindFieldByName(name);
        if (field is null || field.FieldType != type || field.IsRepeated)
        {
            violations.Add($"{where}: {message.Name} must have a singular {type} field {name}");
        }
    }

    /// <summary>"FetchErrorCode" becomes "FETCH_ERROR_CODE", as buf's ENUM_VALUE_PREFIX expects.</summary>
    public static string UpperSnake(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
