namespace GridGov.Sdk.Lists;

/// <summary>What kind of help a resource (资源) offers or a demand (需求) asks for. The numeric values are stable.</summary>
public enum ResourceCategory
{
    /// <summary>A venue (场地): a hall, a room, a yard, a piece of land.</summary>
    Venue = 0,

    /// <summary>Equipment (设备): tools, tables, sound systems, vehicles.</summary>
    Equipment = 1,

    /// <summary>Funds (资金), in yuan.</summary>
    Funds = 2,

    /// <summary>Skills (技能): a barber, a plumber, a lawyer, a doctor.</summary>
    Skills = 3,

    /// <summary>Volunteer time (志愿时间).</summary>
    VolunteerTime = 4,
}

/// <summary>The unit a capacity or a need is measured in. The numeric values are stable.</summary>
public enum CapacityUnit
{
    /// <summary>Yuan (元), for funds.</summary>
    Yuan = 0,

    /// <summary>Square metres (m²), for land and venues.</summary>
    SquareMetres = 1,

    /// <summary>Hours (小时), for skills, volunteer time and venue use.</summary>
    Hours = 2,

    /// <summary>Items (件), for equipment.</summary>
    Items = 3,

    /// <summary>Persons (人次), for services counted by the people served.</summary>
    Persons = 4,
}

/// <summary>Who offers a resource. The numeric values are stable.</summary>
public enum ResourceProvider
{
    /// <summary>An enterprise (企业).</summary>
    Enterprise = 0,

    /// <summary>A unit (单位): an agency, a school, a hospital.</summary>
    Unit = 1,

    /// <summary>A resident (居民), a party member among them.</summary>
    Resident = 2,
}

/// <summary>How urgent a demand is; higher is more urgent. The numeric values are stable.</summary>
public enum DemandUrgency
{
    /// <summary>Can wait (一般).</summary>
    Low = 0,

    /// <summary>The usual (较急).</summary>
    Normal = 1,

    /// <summary>Urgent (紧急).</summary>
    High = 2,

    /// <summary>Very urgent: safety or livelihood at stake (特急).</summary>
    Critical = 3,
}

/// <summary>How a demand came to the list. The numeric values are stable.</summary>
public enum DemandSource
{
    /// <summary>Raised by residents themselves (居民提出).</summary>
    Resident = 0,

    /// <summary>Found by a grid worker's visits or patrols (网格员排摸).</summary>
    GridPatrol = 1,
}

/// <summary>Where a resource or a demand stands on its list. The numeric values are stable.</summary>
public enum ListEntryState
{
    /// <summary>On the list: offered, or still needed.</summary>
    Active = 0,

    /// <summary>Taken off the list by its owner or a manager (kept for history).</summary>
    Withdrawn = 1,
}

/// <summary>What may be done to a resource or a demand once it is on its list (the creating command is <c>Register</c> or <c>Raise</c>).</summary>
public enum ListEntryTrigger
{
    /// <summary>Changes its details.</summary>
    Change = 0,

    /// <summary>Takes it off the list.</summary>
    Withdraw = 1,
}

/// <summary>The states of a project (项目) that puts a resource to demands. The numeric values are stable.</summary>
public enum ProjectState
{
    /// <summary>Proposed (拟立项).</summary>
    Proposed = 0,

    /// <summary>Approved (已立项), possibly by a committee decision.</summary>
    Approved = 1,

    /// <summary>Claimed by the resource's owner with a pledged amount (已认领).</summary>
    Claimed = 2,

    /// <summary>Being carried out (实施中).</summary>
    InProgress = 3,

    /// <summary>Delivered (已交付).</summary>
    Delivered = 4,

    /// <summary>Evaluated (已评价): closed.</summary>
    Evaluated = 5,

    /// <summary>Cancelled before delivery (已取消).</summary>
    Cancelled = 6,
}

/// <summary>The triggers of a project's lifecycle; their names are the access policy's trigger names (the creating one is <c>Propose</c>).</summary>
public enum ProjectTrigger
{
    /// <summary>Approves the proposal.</summary>
    Approve = 0,

    /// <summary>The resource's owner claims it with a pledge.</summary>
    Claim = 1,

    /// <summary>Work starts.</summary>
    Start = 2,

    /// <summary>The work is delivered.</summary>
    Deliver = 3,

    /// <summary>The delivered work is evaluated; closes the project.</summary>
    Evaluate = 4,

    /// <summary>Cancels the project before delivery.</summary>
    Cancel = 5,
}
