namespace DataFactory.Storage.Import;

/// <summary>What an import stored.</summary>
/// <param name="SetId">The set's store id.</param>
/// <param name="SetCreated">True when the set did not exist before.</param>
/// <param name="Added">Problems stored.</param>
/// <param name="Unchanged">Problems already in the set with the same id and content, skipped.</param>
/// <param name="Duplicates">Problems skipped because the set already holds the same content under another id.</param>
public sealed record ImportResult(long SetId, bool SetCreated, int Added, int Unchanged, int Duplicates);
