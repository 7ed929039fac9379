using System.Runtime.CompilerServices;

// Paging and validation internals are unit-tested directly.
[assembly: InternalsVisibleTo("Maimai.Grpc.Tests")]
