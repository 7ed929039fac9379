namespace Maimai.Grpc;

/// <summary>Marks the gRPC transport assembly.</summary>
public static class GrpcAssembly;
