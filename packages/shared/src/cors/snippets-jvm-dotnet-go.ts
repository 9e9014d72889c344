/** Snippets for Spring Boot's CorsRegistry, ASP.NET Core's CORS middleware and Go's rs/cors. */
import type { FixPolicy } from './fix-policy.js';
import {
  allowsAnyHeader,
  allowsAnyMethod,
  dq,
  exactOrigins,
  isAnyOrigin,
  lines,
  list,
  originPatternNote,
  withSafelistedMethods,
} from './snippet-literals.js';

/** Spring reads `*` as "any" in each list and echoes the requested method and headers, credentials or not. */
export function renderSpring(policy: FixPolicy): string {
  const call = (name: string, values: readonly string[]) => `                .${name}(${list(values, dq)})`;
  const anyMethod = allowsAnyMethod(policy);
  return `\
// Spring Boot (spring-webmvc): a @Configuration class beside your application class. With Spring Security,
// also call http.cors(Customizer.withDefaults()) so the OPTIONS preflight is answered before authentication.
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class CorsConfig implements WebMvcConfigurer {
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
${lines(
  originPatternNote(policy, '                //'),
  call('allowedOrigins', exactOrigins(policy)),
  !anyMethod &&
    policy.methods.length > 0 &&
    '                // Replaces the default GET, HEAD, POST and is enforced, so it keeps them.',
  policy.methods.length > 0 && call('allowedMethods', anyMethod ? ['*'] : withSafelistedMethods(policy)),
  policy.allowedHeaders.length > 0 &&
    call('allowedHeaders', allowsAnyHeader(policy) ? ['*'] : policy.allowedHeaders),
  policy.exposedHeaders.length > 0 && call('exposedHeaders', policy.exposedHeaders),
  policy.credentials && '                .allowCredentials(true)',
)};
    }
}`;
}

/** ASP.NET Core has AllowAny* for `*`; AllowAnyHeader echoes the requested headers, so it works with credentials. */
export function renderAspNetCore(policy: FixPolicy): string {
  const call = (name: string, values: readonly string[]) => `            .${name}(${list(values, dq)})`;
  return `\
// ASP.NET Core CORS middleware (built in), Program.cs: the policy before builder.Build(), UseCors after it.
builder.Services.AddCors(options =>
    options.AddPolicy("frontend", policy =>
        policy
${lines(
  originPatternNote(policy, '            //'),
  isAnyOrigin(policy) ? '            .AllowAnyOrigin()' : call('WithOrigins', exactOrigins(policy)),
  allowsAnyMethod(policy)
    ? '            .AllowAnyMethod()'
    : policy.methods.length > 0 && call('WithMethods', policy.methods),
  allowsAnyHeader(policy)
    ? '            .AllowAnyHeader()'
    : policy.allowedHeaders.length > 0 && call('WithHeaders', policy.allowedHeaders),
  policy.exposedHeaders.length > 0 && call('WithExposedHeaders', policy.exposedHeaders),
  policy.credentials && '            .AllowCredentials()',
)}));

// After UseRouting() (when you call it) and before UseAuthentication()/UseAuthorization(), so the
// OPTIONS preflight is answered before auth can reject it.
app.UseCors("frontend");`;
}

/** What rs/cors' AllowAll() lists: it has no method wildcard, so a server's `*` becomes the standard methods. */
const standardMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Go's rs/cors. Fields are aligned the way gofmt aligns a composite literal. */
export function renderGo(policy: FixPolicy): string {
  const strings = (values: readonly string[]) => `[]string{${list(values, dq)}}`;
  const anyMethod = allowsAnyMethod(policy);
  const fields: [string, string | false][] = [
    ['AllowedOrigins', strings(exactOrigins(policy))],
    [
      'AllowedMethods',
      policy.methods.length > 0 && strings(anyMethod ? standardMethods : withSafelistedMethods(policy)),
    ],
    [
      'AllowedHeaders',
      policy.allowedHeaders.length > 0 && strings(allowsAnyHeader(policy) ? ['*'] : policy.allowedHeaders),
    ],
    ['ExposedHeaders', policy.exposedHeaders.length > 0 && strings(policy.exposedHeaders)],
    ['AllowCredentials', policy.credentials && 'true'],
  ];
  const present = fields.filter((field): field is [string, string] => field[1] !== false);
  const width = Math.max(...present.map(([name]) => name.length)) + 2;
  return lines(
    '// github.com/rs/cors (go get github.com/rs/cors): in main(), wrap your router so every request, the',
    '// OPTIONS preflight included, reaches it before any auth middleware.',
    'import "github.com/rs/cors"\n',
    originPatternNote(policy, '//'),
    anyMethod && "// rs/cors has no method wildcard: the standard methods stand for the server's *.",
    !anyMethod &&
      policy.methods.length > 0 &&
      '// AllowedMethods replaces the default GET, HEAD, POST and is enforced, so it keeps them.',
    'c := cors.New(cors.Options{',
    ...present.map(([name, value]) => `\t${`${name}:`.padEnd(width)}${value},`),
    '})',
    'log.Fatal(http.ListenAndServe(":8080", c.Handler(mux)))',
  );
}
