namespace Partitioner.Core.Levels;

/// <summary>
/// One consortium under a mosaic: its practices in the mosaic area, its pieces on the ordinary practice graph (its
/// geographic pieces; 1 = contiguous in the usual sense), and the largest distance from one of its mosaic practices to
/// the nearest other practice of the consortium (km; NaN without mosaic practices), and how many of its mosaic
/// practices are neither within D km of another of its practices nor share a cell border with one (0 under a plan
/// solved with the mosaic: the rule "each practice within D km of another practice of its consortium").
/// </summary>
public sealed record MosaicUnit(string Name, int MosaicPractices, int GeographicPieces, double LargestNearestKm, int Stranded);
