namespace HaiLong.Api.Components;

/// <summary>The words of every staff page (the staff layout, the pages of each capability, the messages their handlers build and
/// the titles of the <see cref="StaffLink"/>s), in Vietnamese only: <c>StaffResources.resx</c> is the neutral culture and has no
/// satellite, so a staff page reads Vietnamese whatever culture the request runs in. Read through
/// <c>IStringLocalizer&lt;StaffResources&gt;</c>.</summary>
public sealed class StaffResources;
