using Partitioner.Core.Practices;

namespace Partitioner.Core.Imports;

/// <summary>
/// What an import built: the placed practices (payments-file order), the ones it could not place with the
/// reason, the ones it left out on purpose (closed, no patients), and notes on the values it took.
/// </summary>
public sealed record ImportResult(IReadOnlyList<ImportedPractice> Practices, IReadOnlyList<UnplacedPractice> Unplaced, IReadOnlyList<InputWarning> LeftOut, IReadOnlyList<InputWarning> Notes);
