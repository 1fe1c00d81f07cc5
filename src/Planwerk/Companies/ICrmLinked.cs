namespace Planwerk.Companies;

/// <summary>Something a company and a contact person can be linked to (projects, packages, tasks).</summary>
public interface ICrmLinked
{
    Guid? CompanyId { get; set; }
    Guid? CompanyContactId { get; set; }
    DateTime ChangeDate { get; set; }
}
