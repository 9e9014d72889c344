// ASP.NET Core CORS middleware (built in), Program.cs: the policy before builder.Build(), UseCors after it.
builder.Services.AddCors(options =>
    options.AddPolicy("frontend", policy =>
        policy
            .WithOrigins("https://app.example.com")
            .AllowCredentials()));

// After UseRouting() (when you call it) and before UseAuthentication()/UseAuthorization(), so the
// OPTIONS preflight is answered before auth can reject it.
app.UseCors("frontend");
