using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Accounts;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Employees;

/// <summary>Salutation as factro spells it.</summary>
public enum Salutation
{
    None,
    Male,
    Female,
}

/// <summary>An account's membership in one cloud (the API's "user", factro's "employee").</summary>
public sealed class Employee : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration, the service's checks and the forms alike.
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 256;
    public const int StreetMaxLength = 200;
    public const int ZipCodeMaxLength = 20;
    public const int CityMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public SecurityGroup SecurityGroup { get; set; }
    public bool IsActive { get; set; } = true;
    public bool Anonymized { get; set; }
    public int EmployeeNumber { get; set; }
    public Salutation Salutation { get; set; }
    public string? Street { get; set; }
    public string? ZipCode { get; set; }
    public string? City { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.ToTable("Employees");
        builder.Property(e => e.FirstName).HasMaxLength(Employee.NameMaxLength);
        builder.Property(e => e.LastName).HasMaxLength(Employee.NameMaxLength);
        builder.Property(e => e.Street).HasMaxLength(Employee.StreetMaxLength);
        builder.Property(e => e.ZipCode).HasMaxLength(Employee.ZipCodeMaxLength);
        builder.Property(e => e.City).HasMaxLength(Employee.CityMaxLength);
        builder.HasOne(e => e.Account).WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(e => e.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.CloudId, e.AccountId }).IsUnique();
        builder.HasIndex(e => new { e.CloudId, e.EmployeeNumber }).IsUnique();
    }
}
