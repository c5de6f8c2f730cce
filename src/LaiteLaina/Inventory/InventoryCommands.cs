using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>device, history, site, donor and point verbs.</summary>
public static class InventoryCommands
{
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(DeviceCommand(app));
        root.Subcommands.Add(HistoryCommand(app));
        root.Subcommands.Add(SiteCommand(app));
        root.Subcommands.Add(DonorCommand(app));
        root.Subcommands.Add(PointCommand(app));
    }

    /// <summary>The fields of a device as options, shared by add and edit.</summary>
    private sealed class DeviceOptions
    {
        private readonly List<(Option<string?> Option, Func<DeviceInput, string?, DeviceInput> Set)> all = [];

        public DeviceOptions(Command command)
        {
            Add(command, "--kind", "tablet, phone, laptop, desktop, monitor, printer-scanner or other", (d, v) => d with { Kind = v });
            Add(command, "--make", "Manufacturer, such as Samsung", (d, v) => d with { Make = v });
            Add(command, "--model", "Model, such as Galaxy Tab A8", (d, v) => d with { Model = v });
            Add(command, "--serial", "Serial number", (d, v) => d with { SerialNumber = v });
            Add(command, "--imei", "IMEI (15 digits)", (d, v) => d with { Imei = v });
            Add(command, "--os", "Operating system, such as Android", (d, v) => d with { Os = v });
            Add(command, "--os-version", "Operating system version", (d, v) => d with { OsVersion = v });
            Add(command, "--condition", "new, good, fair, poor or broken", (d, v) => d with { Condition = v });
            Add(command, "--site", "Site code or name", (d, v) => d with { Site = v });
            Add(command, "--location", "Location inside the site", (d, v) => d with { Location = v });
            Add(command, "--acquisition", "purchased, donated, transferred or leased", (d, v) => d with { Acquisition = v });
            Add(command, "--acquired-on", "Date it came in (2025-03-14 or 14.3.2025)", (d, v) => d with { AcquiredOn = v });
            Add(command, "--cost", "Cost in euros, such as 249,90", (d, v) => d with { Cost = v });
            Add(command, "--donor", "Donor name or number (donated devices)", (d, v) => d with { Donor = v });
            Add(command, "--supplier", "Supplier or lessor", (d, v) => d with { Supplier = v });
            Add(command, "--transferred-from", "Unit it came from (transferred devices)", (d, v) => d with { TransferredFrom = v });
            Add(command, "--lease-end", "Lease end date (leased devices)", (d, v) => d with { LeaseEnd = v });
            Add(command, "--lease-paid-by", "Who pays the lease", (d, v) => d with { LeasePaidBy = v });
            // The old one-line form stays for scripts that use it: a comma and a space part items, as the stored lines were
            // migrated (0016), so "1,5 m kaapeli" stays whole; an empty value clears the list.
            Add(command, "--accessories", "Accessories on one line, 'charger, case' (older form of --accessory)",
                (d, v) => d with { Accessories = AccessoryList.Join(v?.Split(", ")) ?? "" });
            accessory = new Option<string[]>("--accessory") { Description = "An accessory that goes with it, kept as written, such as charger (repeat for each)" };
            command.Options.Add(accessory);
            Add(command, "--notes", "Notes", (d, v) => d with { Notes = v });
        }

        private void Add(Command command, string name, string description, Func<DeviceInput, string?, DeviceInput> set)
        {
            var option = new Option<string?>(name) { Description = description };
            command.Options.Add(option);
            all.Add((option, set));
        }

        private readonly Option<string[]> accessory;

        /// <summary>The options given; <c>--accessory</c>, when given, is the whole list of accessories, one item an option.</summary>
        public DeviceInput Read(ParseResult parse)
        {
            var input = all.Aggregate(new DeviceInput(), (input, o) => parse.GetResult(o.Option) is null ? input : o.Set(input, parse.GetValue(o.Option)));
            return parse.GetResult(accessory) is null ? input : input with { Accessories = AccessoryList.Join(parse.GetValue(accessory)) ?? "" };
        }
    }

    private static readonly Column<Device>[] DeviceColumns =
    [
        new("tag", d => d.Tag), new("kind", d => d.Kind), new("make", d => d.Make), new("model", d => d.Model),
        new("serial", d => d.SerialNumber), new("status", d => d.Status), new("site", d => d.SiteCode),
        new("location", d => d.LocationName), new("acquisition", d => d.Acquisition),
    ];

    public static void ShowDevice(CliContext cli, Device d) =>
        cli.Card(d,
            ("Tag", d.Tag), ("Kind", d.Kind), ("Make", d.Make), ("Model", d.Model), ("Serial number", d.SerialNumber),
            ("IMEI", d.Imei), ("OS", d.Os is null ? null : $"{d.Os} {d.OsVersion}".Trim()), ("Status", d.Status),
            ("Condition", d.Condition), ("Site", d.SiteCode), ("Location", d.LocationName), ("Computer point", d.PointCode),
            ("Acquisition", d.Acquisition), ("Acquired on", d.AcquiredOn),
            ("Cost (EUR)", d.CostCents is { } c ? Parse.FormatCents(c) : null), ("Donor", d.DonorName), ("Supplier", d.Supplier),
            ("Transferred from", d.TransferredFrom), ("Lease ends", d.LeaseEnd), ("Lease paid by", d.LeasePaidBy),
            ("Accessories", d.Accessories is null ? null : AccessoryList.Show(d.Accessories)), ("Notes", d.Notes), ("Needs wipe", d.NeedsWipe), ("Last wiped", d.LastWipedAt), ("Retired because", d.RetiredReason),
            ("Updated", d.UpdatedAt));

    private static Command DeviceCommand(CliApp app) => new("device", "Register, find and change devices")
    {
        DeviceAdd(app),
        DeviceList(app),
        DeviceShow(app),
        DeviceEdit(app),
        DeviceMove(app),
        DeviceTransfer(app),
        DeviceRetire(app),
        DeviceReady(app),
        DeviceWiped(app),
        DeviceSetStatus(app),
    };

    private static Option<bool> AllowDuplicateOption() =>
        new("--allow-duplicate-serial") { Description = "Register even if the serial number is already registered for the same make" };

    private static Command DeviceAdd(CliApp app)
    {
        var allowDuplicate = AllowDuplicateOption();
        var add = new Command("add", "Register a device; prints its new tag") { allowDuplicate };
        var addFields = new DeviceOptions(add);
        app.Action(add, async (cli, ct) =>
        {
            var service = await cli.GetAsync<InventoryService>(ct);
            var d = await service.AddAsync(addFields.Read(cli.Parse), cli.Actor, cli.Parse.GetValue(allowDuplicate), ct);
            if (cli.Format == OutputFormat.Table)
                await cli.Out.WriteLineAsync(d.Tag);
            else
                ShowDevice(cli, d);
        });
        return add;
    }

    private static Command DeviceList(CliApp app)
    {
        var status = new Option<string?>("--status") { Description = "Only this status" };
        var kind = new Option<string?>("--kind") { Description = "Only this kind" };
        var site = new Option<string?>("--site") { Description = "Only this site" };
        var source = new Option<string?>("--acquisition", "--source") { Description = "Only purchased, donated, transferred or leased" };
        var search = new Option<string?>("--search", "-q") { Description = "Tag, serial number, make or model" };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1, Description = "Page number, from 1" };
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 50, Description = "Devices per page (1 to 500)" };
        var list = new Command("list", "List devices, newest first") { status, kind, site, source, search, page, pageSize };
        app.Action(list, async (cli, ct) =>
        {
            var result = await (await cli.GetAsync<InventoryService>(ct)).ListAsync(new DeviceFilter
            {
                Status = cli.Parse.GetValue(status), Kind = cli.Parse.GetValue(kind), Site = cli.Parse.GetValue(site),
                Acquisition = cli.Parse.GetValue(source), Search = cli.Parse.GetValue(search),
                Page = cli.Parse.GetValue(page), PageSize = cli.Parse.GetValue(pageSize),
            }, ct);
            cli.List(result.Items, DeviceColumns);
            if (result.HasMore && cli.Format == OutputFormat.Table)
                await cli.Error.WriteLineAsync($"More on page {result.Page + 1} (--page {result.Page + 1}).");
        });
        return list;
    }

    private static Command DeviceShow(CliApp app) =>
        TagCommand(app, "show", "Show one device", (s, tag, cli, ct) => s.GetAsync(tag, ct));

    private static Command DeviceEdit(CliApp app)
    {
        var allowDuplicate = AllowDuplicateOption();
        var edit = new Command("edit", "Change a device's fields; an empty value clears a field") { allowDuplicate };
        var editFields = new DeviceOptions(edit);
        AddTagAction(app, edit, (s, tag, cli, ct) => s.EditAsync(tag, editFields.Read(cli.Parse), cli.Actor, cli.Parse.GetValue(allowDuplicate), ct));
        return edit;
    }

    private static Command DeviceMove(CliApp app)
    {
        var moveSite = new Option<string>("--site") { Required = true, Description = "Site code or name" };
        var moveLocation = new Option<string?>("--location") { Description = "Location inside the site" };
        return TagCommand(app, "move", "Move a device to another site or location",
            (s, tag, cli, ct) => s.MoveAsync(tag, cli.Parse.GetValue(moveSite)!, cli.Parse.GetValue(moveLocation), cli.Actor, ct), moveSite, moveLocation);
    }

    private static Command DeviceTransfer(CliApp app)
    {
        var toSite = new Option<string>("--to") { Required = true, Description = "The site it moves to: code or name" };
        var location = new Option<string?>("--location") { Description = "Location inside that site" };
        return TagCommand(app, "transfer", "Transfer a device to another site (audited; refused while on loan or being provisioned)",
            (s, tag, cli, ct) => s.TransferAsync(tag, cli.Parse.GetValue(toSite)!, cli.Parse.GetValue(location), cli.Actor, ct), toSite, location);
    }

    private static Command DeviceRetire(CliApp app)
    {
        var reason = new Option<string?>("--reason") { Description = "Why it is retired: broken, obsolete, battery-unsafe, recycled, other, or in your own words" };
        var note = new Option<string?>("--note") { Description = "More for the device's notes, such as what is broken" };
        return TagCommand(app, "retire", "Take a device out of use for good",
            (s, tag, cli, ct) => s.RetireAsync(tag, cli.Parse.GetValue(reason), cli.Parse.GetValue(note), cli.Actor, ct), reason, note);
    }

    private static Command DeviceReady(CliApp app) =>
        TagCommand(app, "ready", "Mark a device ready to lend (bought new, or wiped since it came in)",
            (s, tag, cli, ct) => s.ReadyAsync(tag, cli.Actor, ct));

    private static Command DeviceWiped(CliApp app)
    {
        var method = new Option<string>("--method") { Required = true, Description = "How it was wiped, such as 'restored in Finder'" };
        var by = new Option<string>("--by") { Required = true, Description = "Who wiped it" };
        var level = new Option<string?>("--level") { Description = "NIST SP 800-88 level: clear (default), purge or destroy" };
        var tool = new Option<string?>("--tool") { Description = "Tool and version used" };
        var wipeNotes = new Option<string?>("--notes") { Description = "Notes" };
        var at = new Option<string?>("--at")
        {
            Description = "When it was wiped, in local time (default now): 5.12.2026 14.30, 2026-12-05 14:30, or a date alone for some time that day",
        };
        return TagCommand(app, "wiped", "Record a wipe done by hand, for devices no script can wipe",
            async (s, tag, cli, ct) => await s.RecordWipeAsync(tag, cli.Parse.GetValue(method)!, cli.Parse.GetValue(by)!, cli.Parse.GetValue(level),
                cli.Parse.GetValue(tool), cli.Parse.GetValue(wipeNotes), cli.Actor,
                Parse.Moment("at", cli.Parse.GetValue(at), (await cli.GetAsync<TimeProvider>(ct)).GetLocalNow()), ct),
            method, by, level, tool, wipeNotes, at);
    }

    private static Command DeviceSetStatus(CliApp app)
    {
        var newStatus = new Argument<string>("status") { Description = "awaiting-wipe, in-repair, lost, ..." };
        var note = new Option<string?>("--note") { Description = "Why" };
        return TagCommand(app, "set-status", "Move a device along its lifecycle (repair, lost, found, ...)",
            (s, tag, cli, ct) => s.SetStatusAsync(tag, cli.Parse.GetValue(newStatus)!, cli.Parse.GetValue(note), cli.Actor, ct), newStatus, note);
    }

    private static readonly Argument<string> TagArgument = new("tag") { Description = "The device's asset tag, such as LL-000123" };

    private static Command TagCommand(CliApp app, string name, string description,
        Func<InventoryService, string, CliContext, CancellationToken, Task<Device>> work, params Symbol[] extra)
    {
        var command = new Command(name, description);
        foreach (var symbol in extra)
        {
            if (symbol is Option o) command.Options.Add(o);
            else if (symbol is Argument a) command.Arguments.Add(a);
        }
        AddTagAction(app, command, work);
        return command;
    }

    private static void AddTagAction(CliApp app, Command command, Func<InventoryService, string, CliContext, CancellationToken, Task<Device>> work)
    {
        command.Arguments.Insert(0, TagArgument);
        app.Action(command, async (cli, ct) =>
        {
            var service = await cli.GetAsync<InventoryService>(ct);
            ShowDevice(cli, await work(service, cli.Parse.GetValue(TagArgument)!, cli, ct));
        });
    }

    private static Command HistoryCommand(CliApp app)
    {
        var history = new Command("history", "Everything that has happened to a device, from the audit log");
        app.Action(history, async (cli, ct) =>
        {
            var entries = await (await cli.GetAsync<InventoryService>(ct)).HistoryAsync(cli.Parse.GetValue(TagArgument)!, ct);
            cli.List(entries,
                new("when", e => e.At), new("who", e => e.Actor), new("what", e => e.Action),
                new("change", e => AuditDiff.Describe(e.BeforeJson, e.AfterJson)));
        });
        history.Arguments.Add(TagArgument);
        return history;
    }

    private static Command SiteCommand(CliApp app) => new("site", "Sites (offices) and their locations")
    {
        SiteAdd(app),
        SiteList(app),
        SiteShow(app),
        SiteAddLocation(app),
        SiteRename(app),
    };

    private static Argument<string> SiteArgument() => new("site") { Description = "Site code or name" };

    private static Command SiteAdd(CliApp app)
    {
        var code = new Argument<string>("code") { Description = "Short code: 2-16 characters, A-Z, digits and '-', starting with a letter, such as KESKUS" };
        var name = new Argument<string>("name") { Description = "Name, such as 'Keskustan sosiaalitoimisto'" };
        var address = new Option<string?>("--address") { Description = "Street address" };
        var add = new Command("add", "Add a site") { code, name, address };
        app.Action(add, async (cli, ct) =>
        {
            var s = await (await cli.GetAsync<SiteService>(ct)).AddAsync(cli.Parse.GetValue(code)!, cli.Parse.GetValue(name)!, cli.Parse.GetValue(address), cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Site {s.Code} added.");
        });
        return add;
    }

    private static Command SiteList(CliApp app)
    {
        var list = new Command("list", "List sites");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<SiteService>(ct)).ListAsync(ct),
            new("code", s => s.Code), new("name", s => s.Name), new("address", s => s.Address), new("devices", s => s.DeviceCount)));
        return list;
    }

    private static Command SiteShow(CliApp app)
    {
        var key = SiteArgument();
        var show = new Command("show", "Show a site and its locations") { key };
        app.Action(show, async (cli, ct) =>
        {
            var s = await (await cli.GetAsync<SiteService>(ct)).GetAsync(cli.Parse.GetValue(key)!, ct);
            cli.Card(s, ("Code", s.Code), ("Name", s.Name), ("Address", s.Address), ("Devices", s.DeviceCount),
                ("Locations", string.Join(", ", s.Locations.Select(l => l.Name))));
        });
        return show;
    }

    private static Command SiteRename(CliApp app)
    {
        var key = SiteArgument();
        var code = new Argument<string>("code") { Description = "The new code: 2-16 characters, A-Z, digits and '-', starting with a letter" };
        var rename = new Command("rename", "Give a site a new code (for a code saved before the rule for codes)") { key, code };
        app.Action(rename, async (cli, ct) =>
        {
            var s = await (await cli.GetAsync<SiteService>(ct)).RenameAsync(cli.Parse.GetValue(key)!, cli.Parse.GetValue(code)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Site code is now {s.Code}; change the Site setting of that site's service to match.");
        });
        return rename;
    }

    private static Command SiteAddLocation(CliApp app)
    {
        var key = SiteArgument();
        var locationName = new Argument<string>("location") { Description = "Location name, such as 'Lobby'" };
        var addLocation = new Command("add-location", "Add a location inside a site") { key, locationName };
        app.Action(addLocation, async (cli, ct) =>
        {
            var l = await (await cli.GetAsync<SiteService>(ct)).AddLocationAsync(cli.Parse.GetValue(key)!, cli.Parse.GetValue(locationName)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Location '{l.Name}' added.");
        });
        return addLocation;
    }

    private static Command DonorCommand(CliApp app) => new("donor", "Donors of devices")
    {
        DonorAdd(app),
        DonorList(app),
        DonorShow(app),
    };

    private static Command DonorAdd(CliApp app)
    {
        var name = new Argument<string>("name") { Description = "Donor's name" };
        var kind = new Option<string?>("--kind") { Description = "company (default), organisation, public-body or person" };
        var contact = new Option<string?>("--contact") { Description = "How to reach them" };
        var notes = new Option<string?>("--notes") { Description = "Notes" };
        var add = new Command("add", "Add a donor") { name, kind, contact, notes };
        app.Action(add, async (cli, ct) =>
        {
            var d = await (await cli.GetAsync<DonorService>(ct)).AddAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(kind),
                cli.Parse.GetValue(contact), cli.Parse.GetValue(notes), cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Donor {d.Id} '{d.Name}' added.");
        });
        return add;
    }

    private static Command DonorList(CliApp app)
    {
        var list = new Command("list", "List donors");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<DonorService>(ct)).ListAsync(ct),
            new("id", d => d.Id), new("name", d => d.Name), new("kind", d => d.Kind), new("contact", d => d.Contact), new("devices", d => d.DeviceCount)));
        return list;
    }

    private static Command DonorShow(CliApp app)
    {
        var key = new Argument<string>("donor") { Description = "Donor name or number" };
        var show = new Command("show", "Show a donor") { key };
        app.Action(show, async (cli, ct) =>
        {
            var d = await (await cli.GetAsync<DonorService>(ct)).GetAsync(cli.Parse.GetValue(key)!, ct);
            cli.Card(d, ("Number", d.Id), ("Name", d.Name), ("Kind", d.Kind), ("Contact", d.Contact), ("Notes", d.Notes), ("Devices donated", d.DeviceCount));
        });
        return show;
    }

    private static Command PointCommand(CliApp app) => new("point", "Customer computer points: a kit of devices at one place")
    {
        PointAdd(app),
        PointList(app),
        PointShow(app),
    };

    private static Command PointAdd(CliApp app)
    {
        var name = new Argument<string>("name") { Description = "Name, such as 'Lobby computer point'" };
        var site = new Option<string?>("--site") { Description = "Site code or name" };
        var location = new Option<string?>("--location") { Description = "Location inside the site" };
        var lease = new Option<string?>("--lease-notes") { Description = "Lease terms, such as who leases the PC and until when" };
        var maintenance = new Option<string?>("--maintenance-notes") { Description = "Maintenance notes" };
        var devices = new Option<string[]>("--device") { Description = "Tag of a device in the kit (repeat)", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add a computer point and put devices in it") { name, site, location, lease, maintenance, devices };
        app.Action(add, async (cli, ct) =>
        {
            var p = await (await cli.GetAsync<ComputerPointService>(ct)).AddAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(site),
                cli.Parse.GetValue(location), cli.Parse.GetValue(lease), cli.Parse.GetValue(maintenance), cli.Parse.GetValue(devices) ?? [], cli.Actor, ct);
            await cli.Out.WriteLineAsync(p.Code);
        });
        return add;
    }

    private static Command PointList(CliApp app)
    {
        var list = new Command("list", "List computer points");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<ComputerPointService>(ct)).ListAsync(ct),
            new("code", p => p.Code), new("name", p => p.Name), new("site", p => p.SiteCode), new("location", p => p.LocationName),
            new("devices", p => p.DeviceCount), new("lease", p => p.LeaseNotes), new("maintenance", p => p.MaintenanceNotes)));
        return list;
    }

    private static Command PointShow(CliApp app)
    {
        var code = new Argument<string>("code") { Description = "Point code, such as CP-001" };
        var show = new Command("show", "Show a computer point and its devices") { code };
        app.Action(show, async (cli, ct) =>
        {
            var p = await (await cli.GetAsync<ComputerPointService>(ct)).GetAsync(cli.Parse.GetValue(code)!, ct);
            cli.Card(p, ("Code", p.Code), ("Name", p.Name), ("Site", p.SiteCode), ("Location", p.LocationName),
                ("Lease", p.LeaseNotes), ("Maintenance", p.MaintenanceNotes),
                ("Devices", string.Join("\n", p.Devices.Select(d => $"{d.Tag}  {EnumText.Kebab(d.Kind)}  {d.Make} {d.Model}  ({d.Acquisition.ToString().ToLowerInvariant()}{(d.LeaseEnd is { } e ? ", lease ends " + CliContext.Text(e) : "")})"))));
        });
        return show;
    }
}
