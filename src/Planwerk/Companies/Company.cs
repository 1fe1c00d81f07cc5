using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Companies;

/// <summary>A customer or partner company.</summary>
public sealed class Company : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration and the service's checks alike.
    public const int NameMaxLength = 300;
    public const int FieldMaxLength = 300;
    public const int DescriptionMaxLength = 10_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public string? Description { get; set; }
    public string? CompanyNumber { get; set; }
    public string? CustomerId { get; set; }
    public string? EmailAddress { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public string? Street { get; set; }
    public string? ZipCode { get; set; }
    public string? City { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A contact person, optionally at a company.</summary>
public sealed class Contact : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration and the service's checks alike.
    public const int NameMaxLength = 100;
    public const int FieldMaxLength = Company.FieldMaxLength;
    public const int DescriptionMaxLength = Company.DescriptionMaxLength;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public Salutation Salutation { get; set; }
    public Guid? CompanyId { get; set; }
    public string? Description { get; set; }
    public string? City { get; set; }
    public string? EmailAddress { get; set; }
    public string? Phone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Street { get; set; }
    public string? ZipCode { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.ToTable("Companies");
        builder.Property(c => c.Name).HasMaxLength(Company.NameMaxLength);
        builder.HasIndex(c => new { c.CloudId, c.Name });
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.Property(c => c.FirstName).HasMaxLength(Contact.NameMaxLength);
        builder.Property(c => c.LastName).HasMaxLength(Contact.NameMaxLength);
        builder.HasOne<Company>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => new { c.CloudId, c.CompanyId });
    }
}
