// ASP.NET Core CORS middleware (built in), Program.cs: the policy before builder.Build(), UseCors after it.
builder.Services.AddCors(options =>
    options.AddPolicy("frontend", policy =>
        policy
            .WithOrigins("https://a.example", "https://app.example")
            .WithMethods("GET", "POST", "PUT", "PATCH")
            .WithHeaders("x-a", "x-b")));

// After UseRouting() (when you call it) and before UseAuthentication()/UseAuthorization(), so the
// OPTIONS preflight is answered before auth can reject it.
app.UseCors("frontend");
