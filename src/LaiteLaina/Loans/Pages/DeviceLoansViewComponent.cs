using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace LaiteLaina.Loans.Pages;

/// <summary>The loans of one device on the device page, which belongs to the inventory and must not know loans.
/// Nothing for a volunteer: a device's loans name their borrowers.</summary>
public sealed class DeviceLoansViewComponent(LoanService loans) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long deviceId)
    {
        if (!((ClaimsPrincipal)User).SeesBorrowers())
            return new ContentViewComponentResult("");
        return View("/Loans/Pages/_DeviceLoans.cshtml", await loans.ForDeviceAsync(deviceId, ct: HttpContext.RequestAborted));
    }
}
