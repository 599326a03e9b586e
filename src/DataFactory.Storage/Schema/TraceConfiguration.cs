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
        // A trace belongs to the attempt that produced it: one composite foreign key, checked once per
        // row, instead of one to the problem and one to the run (each check costs the ingest as much
        // as an index). Deleting a run or a problem cascades through its attempts to their traces.
        builder.HasOne<ProblemAttemptEntity>().WithMany()
            .HasForeignKey(t => new { t.ProblemId, t.RunId })
            .HasPrincipalKey(a => new { a.ProblemId, a.RunId })
            .OnDelete(DeleteBehavior.Cascade);

        // One copy of a text per problem, whichever run produced it first.
        builder.HasIndex(t => new { t.ProblemId, t.TraceHash }).IsUnique();

        // Export reads a set's traces problem by problem (and run by run, in insertion order) from this
        // index; it also serves the foreign key. No other index: every index costs the ingest.
        builder.HasIndex(t => new { t.ProblemId, t.RunId, t.Id });
    }
}
