namespace HaiLong.IntegrationTests.Invitations;

public sealed record SampleSlip(long Id, string Code, string Url)
{
    /// <summary>The token in the slip's URL: its code without the dashes.</summary>
    public string Token => Url.Split('/').Last();
}

public sealed record IssuedSample(int UnitId, int Year, int SurveyVersionId, DateTimeOffset ExpiresAt, SampleSlip[] Slips);

/// <summary>Batches of single-use yearly-survey slips (issue 18) as the tests issue and answer them.</summary>
public static class AnnualSampleWorld
{
    public static async Task<IssuedSample> IssueAsync(HttpClient staff, int unitId, int count, int? year = null)
    {
        var response = await staff.PostAsJsonAsync("/api/invitations/annual-sample", new { unitId, count, year });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<IssuedSample>())!;
    }

    /// <summary>A yearly-survey answer: the People's Council, the People's Committee and overall satisfaction.</summary>
    public static object[] YearlyAnswers(int council = 4, int committee = 4, int overall = 4) =>
    [
        new { criterion = Criteria.GovernmentCouncil, score = council },
        new { criterion = Criteria.GovernmentCommittee, score = committee },
        new { criterion = Criteria.Overall, score = overall },
    ];
}
