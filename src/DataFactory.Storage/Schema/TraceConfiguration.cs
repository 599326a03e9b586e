using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class TraceConfiguration : IEntityTypeConfiguration<TraceEntity>
{
    public void Configure(EntityTypeBuilder<TraceEntity> builder)
    {
        builder.ToTable("traces");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Verdict).HasMaxLength(16);
        builder.Property(t => t.Reason).HasMaxLength(400);
        builder.Property(t => t.Verifier).HasMaxLength(64);
        builder.HasOne<ProblemEntity>().WithMany().HasForeignKey(t => t.ProblemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RunEntity>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);

        // One copy of a text per problem, whichever run produced it first.
        builder.HasIndex(t => new { t.ProblemId, t.TraceHash }).IsUnique();

        // Export reads a set's traces problem by problem, in insertion order, from this index.
        builder.HasIndex(t => new { t.ProblemId, t.Id });

        // No index on run_id: every index costs the ingest, and a run's traces are reached through
        // its problems (export) or its counters (status).
    }
}
