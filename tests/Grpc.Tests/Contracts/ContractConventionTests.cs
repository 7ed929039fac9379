using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Maimai.Grpc.Tests.Contracts;

/// <summary>The compiled maimai.v1 contract keeps the conventions clients depend on.</summary>
public sealed class ContractConventionTests
{
    [Fact]
    public void Every_maimai_v1_file_is_compiled()
    {
        var names = ContractConventions.CompiledFiles().Select(file => file.Name);

        Assert.Equal(
            ["maimai/v1/account.proto", "maimai/v1/admin.proto", "maimai/v1/auto_refresh.proto", "maimai/v1/common.proto", "maimai/v1/fetch.proto", "maimai/v1/insights.proto", "maimai/v1/public_profile.proto", "maimai/v1/snapshot.proto", "maimai/v1/song.proto"],
            names);
    }

    [Fact]
    public void The_contract_follows_the_enum_and_paging_conventions()
    {
        var files = ContractConventions.CompiledFiles();

        Assert.Empty(ContractConventions.Violations(files));
        // Guard against a vacuous pass: the checks above must have had something to check.
        Assert.True(files.SelectMany(file => file.EnumTypes).Count() >= 10);
        Assert.True(files.SelectMany(file => file.Services).SelectMany(service => service.Methods).Count(method => method.Name.StartsWith("List", StringComparison.Ordinal)) >= 5);
    }

    [Fact]
    public void The_snapshot_service_is_reachable_from_its_generated_descriptor()
    {
        var service = Maimai.Grpc.Contracts.V1.SnapshotReflection.Descriptor.FindTypeByName<ServiceDescriptor>("SnapshotService");

        Assert.NotNull(service);
        Assert.Equal(
            ["ListSnapshots", "GetSnapshot", "ListScores", "ListRecentPlays", "GetRatingHistory", "DeleteSnapshot"],
            service.Methods.Select(method => method.Name));
    }

    [Fact]
    public void A_contract_that_breaks_the_conventions_is_reported()
    {
        var broken = new FileDescriptorProto
        {
            Name = "maimai/v1/broken.proto",
            Package = ContractConventions.Package,
            Syntax = "proto3",
            EnumType =
            {
                new EnumDescriptorProto { Name = "LampKind", Value = { new EnumValueDescriptorProto { Name = "NONE", Number = 0 } } },
            },
            MessageType =
            {
                new DescriptorProto { Name = "ListThingsRequest", Field = { Field("page_size", 1, FieldDescriptorProto.Types.Type.Int64) } },
                new DescriptorProto { Name = "ListThingsResponse" },
            },
            Service =
            {
                new ServiceDescriptorProto
                {
                    Name = "ThingService",
                    Method = { new MethodDescriptorProto { Name = "ListThings", InputType = ".maimai.v1.ListThingsRequest", OutputType = ".maimai.v1.ListThingsResponse" } },
                },
            },
        };

        var file = FileDescriptor.BuildFromByteStrings([broken.ToByteString()]).Single();
        var violations = ContractConventions.Violations([file]);

        Assert.Equal(
            [
                "maimai.v1.LampKind: zero value must be LAMP_KIND_UNSPECIFIED, is NONE",
                "maimai.v1.LampKind.NONE: value must start with LAMP_KIND_",
                "maimai.v1.ThingService.ListThings: ListThingsRequest must have a singular Int32 field page_size",
                "maimai.v1.ThingService.ListThings: ListThingsRequest must have a singular String field page_token",
                "maimai.v1.ThingService.ListThings: ListThingsResponse must have a singular String field next_page_token",
            ],
            violations);
    }

    [Theory]
    [InlineData("Region", "REGION")]
    [InlineData("FetchErrorCode", "FETCH_ERROR_CODE")]
    [InlineData("ComboLamp", "COMBO_LAMP")]
    public void Enum_names_become_upper_snake_prefixes(string name, string expected) =>
        Assert.Equal(expected, ContractConventions.UpperSnake(name));

    private static FieldDescriptorProto Field(string name, int number, FieldDescriptorProto.Types.Type type) =>
        new() { Name = name, Number = number, Type = type, Label = FieldDescriptorProto.Types.Label.Optional, JsonName = name };
}
